package org.xstudy.analysis.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.xstudy.analysis.Answer;
import org.xstudy.analysis.FaithfulnessScore;
import org.xstudy.analysis.ParticipantStats;
import org.xstudy.export.ExportRow;
import org.xstudy.export.Session;

/**
 * Reads a study's stored answers with plain JDBC. {@link #rows} streams them with a server-side cursor, grouped by
 * participant and in trial order, so exports never hold the study in memory.
 */
@ApplicationScoped
public class ResponseRepository {

    /** Question of the guess row of a simulation step; its other rows are ratings. */
    static final String GUESS = "guess";
    private static final int FETCH = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROWS = """
            SELECT s.slug, p.public_id, p.external_pid, p.status, p.prolific_study_id, p.prolific_session_id,
                   p.prolific_status, p.started_at, p.finished_at, r.condition, r.phase, r.kind, r.item_key,
                   r.step_index, r.explanation,
                   si.explanations -> r.explanation ->> 'method' AS method,
                   si.explanations -> r.explanation -> 'provenance' ->> 'version' AS version,
                   r.question, r.answer, r.model_output, r.gold, r.shown_at, r.answered_at, r.client_rt_ms,
                   r.server_rt_ms, r.correct
            FROM response r
            JOIN participant p ON p.id = r.participant_id
            JOIN study s ON s.id = r.study_id
            LEFT JOIN study_item si ON si.study_id = r.study_id AND si.item_key = r.item_key
            WHERE r.study_id = ?
            ORDER BY p.id, r.step_index, r.id
            """;

    @Inject
    DataSource dataSource;

    /**
     * Every answer of the study as an export row. Close the stream (try-with-resources) to release the connection.
     *
     * @param exclusionReasons by participant public id, the rules that excluded them joined by ';'
     */
    public Stream<ExportRow> rows(long studyId, boolean includePid, Map<String, String> exclusionReasons) {
        try {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(false);
            c.setReadOnly(true);
            PreparedStatement ps = c.prepareStatement(ROWS);
            ps.setFetchSize(FETCH);
            ps.setLong(1, studyId);
            ResultSet rs = ps.executeQuery();
            Iterator<ExportRow> it = new ResultIterator<>(rs, r -> row(r, includePid, exclusionReasons));
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
                    .onClose(() -> close(c));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(Connection c) {
        try (c) {
            c.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExportRow row(ResultSet r, boolean includePid, Map<String, String> reasons) throws SQLException {
        String participant = r.getString("public_id");
        String kindName = r.getString("kind");
        String question = r.getString("question");
        Answer.Kind kind = kind(kindName, question);
        String answer = r.getString("answer");
        boolean rating = kind == Answer.Kind.RATING;
        Integer ratingValue = rating ? parseInt(answer) : null;
        long client = r.getLong("client_rt_ms");
        Long clientMs = r.wasNull() ? null : client;
        boolean correct = r.getBoolean("correct");
        Boolean storedCorrect = r.wasNull() ? null : correct;
        return new ExportRow(r.getString("slug"), participant, includePid ? r.getString("external_pid") : null,
                r.getString("condition"), r.getString("phase"), kind, r.getString("item_key"),
                r.getInt("step_index") + 1, r.getString("explanation"), r.getString("method"), r.getString("version"),
                question, answer, r.getString("model_output"), r.getString("gold"), rating ? question : null,
                ratingValue, instant(r.getTimestamp("shown_at")), instant(r.getTimestamp("answered_at")), clientMs,
                r.getLong("server_rt_ms"), session(r, includePid), reasons.getOrDefault(participant, ""),
                rating ? null : storedCorrect);
    }

    private static Session session(ResultSet r, boolean includePid) throws SQLException {
        return new Session(r.getString("status"), r.getString("prolific_study_id"),
                includePid ? r.getString("prolific_session_id") : null, instant(r.getTimestamp("started_at")),
                instant(r.getTimestamp("finished_at")), r.getString("prolific_status"));
    }

    /** The analysis kind of a stored row: a simulation step stores its guess and its ratings as separate rows. */
    static Answer.Kind kind(String kind, String question) {
        return switch (kind) {
            case "forward" -> GUESS.equals(question) ? Answer.Kind.FORWARD : Answer.Kind.RATING;
            case "counterfactual" -> GUESS.equals(question) ? Answer.Kind.COUNTERFACTUAL : Answer.Kind.RATING;
            case "rating", "ratings" -> Answer.Kind.RATING;
            case "attention" -> Answer.Kind.ATTENTION;
            case "comprehension" -> Answer.Kind.COMPREHENSION;
            case "freetext", "questionnaire" -> Answer.Kind.FREE_TEXT;
            default -> Answer.Kind.OTHER;
        };
    }

    private static Integer parseInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String instant(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    /** Per participant: completion, attention checks and median response time, as the exclusion rules need. */
    public List<ParticipantStats> participantStats(long studyId) {
        String sql = """
                SELECT p.public_id, p.status = 'completed' AS completed,
                       count(r.id) FILTER (WHERE r.kind = 'attention') AS checks,
                       count(r.id) FILTER (WHERE r.kind = 'attention' AND r.correct IS NOT TRUE) AS failures,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY coalesce(r.client_rt_ms, r.server_rt_ms)) AS median,
                       count(r.id) FILTER (WHERE r.too_fast) AS fast
                FROM participant p LEFT JOIN response r ON r.participant_id = p.id
                WHERE p.study_id = ?
                GROUP BY p.id ORDER BY p.id
                """;
        return query(sql, studyId, r -> {
            double median = r.getDouble("median");
            return new ParticipantStats(r.getString("public_id"), r.getBoolean("completed"), r.getInt("checks"),
                    r.getInt("failures"), r.wasNull() ? null : median, r.getInt("fast"));
        });
    }

    /** Each participant's group label (the condition id in a between-subjects design), by public id. */
    public Map<String, String> groups(long studyId) {
        Map<String, String> groups = new HashMap<>();
        query("SELECT public_id, grp_label FROM participant WHERE study_id = ?", studyId,
                r -> new String[] {r.getString(1), r.getString(2)}).forEach(g -> groups.put(g[0], g[1]));
        return groups;
    }

    /** Rating scales that occur in the study's answers, sorted. */
    public List<String> ratingScales(long studyId) {
        String sql = """
                SELECT DISTINCT question FROM response
                WHERE study_id = ? AND (kind IN ('rating', 'ratings')
                    OR (kind IN ('forward', 'counterfactual') AND question <> 'guess'))
                ORDER BY question
                """;
        return query(sql, studyId, r -> r.getString(1));
    }

    /**
     * Faithfulness scores stored in the items' explanation payloads ({@code provenance.comprehensiveness} and
     * {@code provenance.sufficiency}, or the same under {@code provenance.faithfulness}), keyed by the condition
     * that showed that explanation type.
     */
    public List<FaithfulnessScore> faithfulness(long studyId) {
        String sql = """
                SELECT si.item_key, ce.condition, si.explanations -> ce.explanation -> 'provenance'
                FROM (SELECT DISTINCT study_id, condition, explanation FROM response
                      WHERE study_id = ? AND condition IS NOT NULL AND explanation IS NOT NULL) ce
                JOIN study_item si ON si.study_id = ce.study_id
                WHERE si.explanations -> ce.explanation -> 'provenance' IS NOT NULL
                """;
        List<FaithfulnessScore> out = new ArrayList<>();
        for (String[] row : query(sql, studyId, r -> new String[] {r.getString(1), r.getString(2), r.getString(3)})) {
            JsonNode prov = parse(row[2]);
            JsonNode scores = prov.has("faithfulness") ? prov.get("faithfulness") : prov;
            for (String metric : List.of("comprehensiveness", "sufficiency")) {
                if (scores.path(metric).isNumber()) {
                    out.add(new FaithfulnessScore(row[0], row[1], metric, scores.get(metric).asDouble()));
                }
            }
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one result row. */
    interface RowMapper<T> {
        T map(ResultSet r) throws SQLException;
    }

    private <T> List<T> query(String sql, long studyId, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Iterates a result set, mapping each row. */
    private static final class ResultIterator<T> implements Iterator<T> {

        private final ResultSet rs;
        private final RowMapper<T> mapper;
        private Boolean ready;

        ResultIterator(ResultSet rs, RowMapper<T> mapper) {
            this.rs = rs;
            this.mapper = mapper;
        }

        @Override
        public boolean hasNext() {
            if (ready == null) {
                try {
                    ready = rs.next();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return ready;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = null;
            try {
                return mapper.map(rs);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
