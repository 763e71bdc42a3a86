package org.xstudy.participant;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xstudy.participant.LiveSessions.Live;
import org.xstudy.participant.LiveStudies.StudyState;

/**
 * Writes participants' answers and session rows to PostgreSQL, each in one short transaction, and only then takes
 * the new state over into the memory copy. Every write is conditional on the row's version: a memory copy that
 * another server (or a direct change) has overtaken writes nothing, and the caller reads the row again. The
 * database's {@code UNIQUE (participant_id, step_key, question)} decides which of two racing answers counts.
 */
@ApplicationScoped
public class AnswerStore {

    /**
     * Writes the participant row (its status, the step shown and when, last activity, finishing time) if it is still
     * at the version, and its study still at the status, that the new state was computed from; counts the version up.
     */
    private static final String UPDATE_ROW = "UPDATE participant SET status = ?, current_step = ?, "
            + "current_shown_at = ?, last_seen_at = ?, finished_at = ?, version = version + 1 "
            + "WHERE id = ? AND version = ? AND (SELECT status FROM study WHERE id = participant.study_id) = ?";

    @Inject
    AgroalDataSource db;

    @Inject
    LiveSessions sessions;

    /** Answers faster than this after the step was shown (server clock) are flagged {@code too_fast}. */
    @ConfigProperty(name = "xstudy.participant.min-answer-ms", defaultValue = "300")
    int minAnswerMs;

    /**
     * Commits the answer rows and the participant's new state {@code after} in one statement (a data-modifying
     * {@code WITH}, run in autocommit mode: one round trip, one transaction), then takes {@code after} over into
     * {@code live}. The answer rows take their participant id from the conditional row update, so a row no longer
     * at {@code live}'s version leaves them without one (a not-null violation). False, with nothing written, when
     * the row has moved on or a row for one of the questions exists already (another tab or server answered first).
     */
    boolean store(StudyState study, Live live, Live after, Step step, int index, List<AnswerValidator.Row> rows,
            OffsetDateTime shown, OffsetDateTime now, Integer clientMs, int serverMs) {
        StringBuilder sql = new StringBuilder("WITH moved AS (").append(UPDATE_ROW).append(" RETURNING id) ")
                .append("INSERT INTO response (study_id, participant_id, step_key, step_index, phase, kind, item_key, "
                        + "perturbation_key, condition, explanation, question, answer, correct, model_output, gold, "
                        + "shown_at, answered_at, client_rt_ms, server_rt_ms, too_fast) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append("(?, (SELECT id FROM moved), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int k = bindRow(ps, 0, study, live, after);
            for (AnswerValidator.Row r : rows) {
                ps.setLong(++k, live.studyId);
                ps.setString(++k, step.key());
                ps.setInt(++k, index);
                ps.setString(++k, step.phase());
                ps.setString(++k, step.kind());
                ps.setString(++k, step.item());
                ps.setString(++k, step.perturbation());
                ps.setString(++k, step.condition());
                ps.setString(++k, step.explanation());
                ps.setString(++k, r.question());
                ps.setString(++k, r.answer());
                ps.setObject(++k, r.correct(), Types.BOOLEAN);
                ps.setString(++k, r.modelOutput());
                ps.setString(++k, r.gold());
                ps.setObject(++k, shown);
                ps.setObject(++k, now);
                ps.setObject(++k, clientMs, Types.INTEGER);
                ps.setInt(++k, serverMs);
                ps.setBoolean(++k, serverMs < minAnswerMs);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) || "23502".equals(e.getSQLState())) {
                // UNIQUE (participant_id, step_key, question), the only unique key a new row can violate, or the
                // participant id the moved row did not give
                return false;
            }
            sessions.forget(live);
            throw new IllegalStateException("storing an answer failed", e);
        }
        after.version = live.version + 1;
        live.apply(after);
        return true;
    }

    /**
     * Writes the participant row of {@code after} if it is still at {@code live}'s version, then takes it over into
     * {@code live}. False, with nothing written, when the row has moved on.
     */
    boolean update(StudyState study, Live live, Live after) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(UPDATE_ROW)) {
            bindRow(ps, 0, study, live, after);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        } catch (SQLException e) {
            sessions.forget(live);
            throw new IllegalStateException("updating a participant session failed", e);
        }
        after.version = live.version + 1;
        live.apply(after);
        return true;
    }

    /**
     * Binds the parameters of {@link #UPDATE_ROW} (the state {@code row}, expected at {@code live}'s version and
     * {@code study}'s status) after the first {@code offset} ones; returns the index of the last one bound.
     */
    private static int bindRow(PreparedStatement ps, int offset, StudyState study, Live live, Live row)
            throws SQLException {
        ps.setString(offset + 1, row.status);
        ps.setString(offset + 2, row.currentStep);
        ps.setObject(offset + 3, row.shownAt);
        ps.setObject(offset + 4, row.lastSeen);
        ps.setObject(offset + 5, row.finishedAt);
        ps.setLong(offset + 6, live.id);
        ps.setLong(offset + 7, live.version);
        ps.setString(offset + 8, study.status());
        return offset + 8;
    }
}
