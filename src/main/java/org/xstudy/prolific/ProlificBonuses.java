package org.xstudy.prolific;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xstudy.analysis.Exclusion;
import org.xstudy.analysis.data.ExclusionService;
import org.xstudy.common.Actor;
import org.xstudy.common.AuditEvent;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.study.StudyService;

/**
 * Performance bonuses from simulation accuracy, sent to Prolific as one bulk bonus and paid exactly once.
 * Prolific's pay call is not idempotent, so each bulk bonus is a row of {@code prolific_bonus} moving
 * {@code creating → created → paying → paid}, and each participant a row of {@code prolific_bonus_line} (unique per
 * study and participant, so nobody gets a second bonus). A study has at most one unfinished bulk bonus (a partial
 * unique index); a new request resumes it. Only the request that moves the row from {@code created} to
 * {@code paying} sends the pay call, so double clicks, retries and several servers pay once. A row left in
 * {@code paying} (no answer came: the server was killed, or the connection dropped) is settled by asking Prolific:
 * if its submissions show the bonuses, the row is paid; if not, and {@code xstudy.prolific.bonus-settle} has passed
 * (Prolific pays asynchronously), it is paid again by the one request that wins the row.
 */
@ApplicationScoped
public class ProlificBonuses {

    @Inject
    StudyService studies;

    @Inject
    ProlificAccounts accounts;

    @Inject
    ProlificClient prolific;

    @Inject
    SubmissionSync sync;

    @Inject
    ProlificSettings settings;

    @Inject
    ExclusionService exclusions;

    @Inject
    EntityManager em;

    @Inject
    Event<AuditEvent> audit;

    /** The body of {@code POST /api/studies/{id}/prolific/bonuses}; amounts in pence or cents. */
    public record BonusRequest(Integer perCorrectCents, String phase, Integer capCents, Boolean dryRun) {}

    /** One participant's bonus. */
    public record Line(String participantId, int correct, int cents) {}

    public record Result(boolean dryRun, Long bulkBonus, String prolificBulkBonusId, String state, int totalCents,
            List<Line> lines, String csv, String message) {}

    public Result pay(long studyId, Actor who, BonusRequest body) {
        QuarkusTransaction.requiringNew().call(() -> studies.writable(studyId, who));
        if (body == null || body.perCorrectCents() == null || body.perCorrectCents() < 1
                || body.perCorrectCents() > 10_000) {
            throw ProblemException.badField("/perCorrectCents", "Give the bonus per correct prediction in pence or "
                    + "cents, 1 to 10000.");
        }
        if (body.capCents() != null && body.capCents() < 1) {
            throw ProblemException.badField("/capCents", "The cap is at least 1.");
        }
        if (body.phase() != null && !body.phase().matches("[A-Za-z0-9_-]{1,64}")) {
            throw ProblemException.badField("/phase", "Give a phase id of the study's spec.");
        }
        boolean dry = body.dryRun() == null || body.dryRun();
        ProlificLink link = QuarkusTransaction.requiringNew().call(() -> ProlificLink.<ProlificLink>findById(studyId));
        if (link == null) {
            throw ProblemException.conflict("This study has no Prolific study.");
        }
        ProlificClient.Caller caller = QuarkusTransaction.requiringNew().call(() ->
                accounts.caller(link.userId, studyId));
        if (dry) {
            List<Line> lines = QuarkusTransaction.requiringNew().call(() -> compute(studyId, body));
            return new Result(true, null, null, null, total(lines), lines, csv(lines),
                    lines.isEmpty() ? "Nobody is owed a bonus." : "Nothing was sent (dry run).");
        }
        Row open = QuarkusTransaction.requiringNew().call(() -> openOrCreate(studyId, body));
        if (open == null) {
            return new Result(false, null, null, null, 0, List.of(), "", "Nobody is owed a bonus.");
        }
        Row row = settle(open.state.equals("creating") ? create(open, link, caller) : open, link, caller);
        List<Line> lines = QuarkusTransaction.requiringNew().call(() -> lines(row.id));
        Row done = row;
        if (done.state.equals("paid")) {
            QuarkusTransaction.requiringNew().run(() -> audit.fire(new AuditEvent(who, "prolific.bonus", studyId,
                    "bulk bonus " + done.prolificId + " paid: " + done.totalCents + " in " + lines.size() + " bonuses")));
        }
        return new Result(false, row.id, row.prolificId, row.state, row.totalCents, lines, row.csv,
                switch (row.state) {
                    case "paid" -> "Paid once on Prolific.";
                    default -> "A payment is under way; ask again later.";
                });
    }

    private record Row(long id, String prolificId, String state, String csv, int totalCents,
            OffsetDateTime payingSince) {}

    /** The study's unfinished bulk bonus, or a new one for everyone owed a bonus; null when nobody is. */
    private Row openOrCreate(long studyId, BonusRequest body) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1, ?2)").setParameter(1, 0x626f6e75)
                .setParameter(2, (int) studyId).getSingleResult();
        Row open = find("study_id = ?1 AND state <> 'paid'", studyId);
        if (open != null) {
            return open;
        }
        List<Line> lines = compute(studyId, body);
        if (lines.isEmpty()) {
            return null;
        }
        Number id = (Number) em.createNativeQuery("INSERT INTO prolific_bonus (study_id, state, csv, total_cents) "
                + "VALUES (?1, 'creating', ?2, ?3) RETURNING id").setParameter(1, studyId).setParameter(2, csv(lines))
                .setParameter(3, total(lines)).getSingleResult();
        for (Line l : lines) {
            em.createNativeQuery("INSERT INTO prolific_bonus_line (bonus_id, study_id, prolific_pid, cents) "
                    + "VALUES (?1, ?2, ?3, ?4)").setParameter(1, id.longValue()).setParameter(2, studyId)
                    .setParameter(3, l.participantId()).setParameter(4, l.cents()).executeUpdate();
        }
        return find("id = ?1", id.longValue());
    }

    /** Creates the bulk bonus on Prolific. Creating one that is never paid costs nothing, so this may repeat. */
    private Row create(Row row, ProlificLink link, ProlificClient.Caller caller) {
        JsonNode created;
        try {
            created = prolific.post(caller, "submissions/bonus-payments/", Map.of("study_id", link.prolificId,
                    "csv_bonuses", row.csv));
        } catch (ProlificFailure f) {
            if (!f.unanswered() && f.upstreamStatus() >= 400 && f.upstreamStatus() < 500 && f.upstreamStatus() != 429) {
                QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "DELETE FROM prolific_bonus WHERE id = ?1 AND state = 'creating'").setParameter(1, row.id)
                        .executeUpdate());
            }
            throw f;
        }
        String prolificId = created.path("id").asText();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE prolific_bonus SET state = "
                + "'created', prolific_id = ?1 WHERE id = ?2 AND state = 'creating'").setParameter(1, prolificId)
                .setParameter(2, row.id).executeUpdate());
        return QuarkusTransaction.requiringNew().call(() -> find("id = ?1", row.id));
    }

    /** Pays a created row once, or settles a row whose pay call got no answer. */
    private Row settle(Row row, ProlificLink link, ProlificClient.Caller caller) {
        if (row.state.equals("created")) {
            boolean mine = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("UPDATE prolific_bonus "
                    + "SET state = 'paying', paying_since = now() WHERE id = ?1 AND state = 'created'")
                    .setParameter(1, row.id).executeUpdate() == 1);
            return mine ? sendPay(row, caller) : QuarkusTransaction.requiringNew().call(() -> find("id = ?1", row.id));
        }
        if (!row.state.equals("paying")) {
            return row;
        }
        if (paidOnProlific(row, link, caller)) {
            return markPaid(row);
        }
        if (row.payingSince.plus(settings.bonusSettle()).isAfter(OffsetDateTime.now())) {
            throw new ProblemException(Problem.of(409, "Conflict", "Bulk bonus " + row.prolificId + " is being "
                    + "paid; Prolific does not show it yet. Ask again after " + settings.bonusSettle().toMinutes()
                    + " minutes; it will not be paid twice."));
        }
        boolean mine = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("UPDATE prolific_bonus "
                + "SET paying_since = now() WHERE id = ?1 AND state = 'paying' AND paying_since = ?2")
                .setParameter(1, row.id).setParameter(2, row.payingSince).executeUpdate() == 1);
        return mine ? sendPay(row, caller) : QuarkusTransaction.requiringNew().call(() -> find("id = ?1", row.id));
    }

    private Row sendPay(Row row, ProlificClient.Caller caller) {
        try {
            prolific.post(caller, "bulk-bonus-payments/" + row.prolificId + "/pay/", null);
        } catch (ProlificFailure f) {
            if (!f.unanswered() && f.upstreamStatus() >= 400 && f.upstreamStatus() < 500) {
                // Prolific refused it (e.g. not enough funds): nothing was paid, so the row may be paid later
                QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE prolific_bonus SET state = "
                        + "'created', paying_since = NULL WHERE id = ?1 AND state = 'paying'").setParameter(1, row.id)
                        .executeUpdate());
            }
            throw f;
        }
        return markPaid(row);
    }

    private Row markPaid(Row row) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE prolific_bonus SET state = 'paid', "
                + "paid_at = now() WHERE id = ?1 AND state = 'paying'").setParameter(1, row.id).executeUpdate());
        return QuarkusTransaction.requiringNew().call(() -> find("id = ?1", row.id));
    }

    /** Whether Prolific's submissions already show this bulk bonus (any of its amounts on its participants). */
    private boolean paidOnProlific(Row row, ProlificLink link, ProlificClient.Caller caller) {
        List<Line> lines = QuarkusTransaction.requiringNew().call(() -> lines(row.id));
        Set<String> expected = new HashSet<>();
        lines.forEach(l -> expected.add(l.participantId() + ":" + l.cents()));
        for (JsonNode s : sync.submissions(caller, link.prolificId)) {
            for (JsonNode b : s.path("bonus_payments")) {
                int cents = b.isNumber() ? b.asInt() : b.path("amount").asInt();
                if (expected.contains(s.path("participant_id").asText() + ":" + cents)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Everyone owed a bonus: completed, not excluded, submission not returned/timed out/rejected, none yet. */
    private List<Line> compute(long studyId, BonusRequest body) {
        Set<String> excluded = new HashSet<>();
        for (Exclusion e : exclusions.sync(studyId)) {
            excluded.add(e.participantId());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT p.external_pid, p.public_id::text,
                       count(r.id) FILTER (WHERE r.correct AND r.kind IN ('forward', 'counterfactual')
                                           AND r.question = 'guess' AND (CAST(?2 AS text) IS NULL OR r.phase = ?2))
                FROM participant p LEFT JOIN response r ON r.participant_id = p.id
                WHERE p.study_id = ?1 AND p.status = 'completed' AND p.external_pid IS NOT NULL
                  AND (p.prolific_status IS NULL OR p.prolific_status NOT IN ('RETURNED', 'TIMED-OUT', 'REJECTED'))
                  AND NOT EXISTS (SELECT 1 FROM prolific_bonus_line l WHERE l.study_id = p.study_id
                                  AND l.prolific_pid = p.external_pid)
                GROUP BY p.id ORDER BY p.id
                """).setParameter(1, studyId).setParameter(2, body.phase()).getResultList();
        List<Line> lines = new ArrayList<>();
        for (Object[] r : rows) {
            if (excluded.contains((String) r[1])) {
                continue;
            }
            int correct = ((Number) r[2]).intValue();
            int cents = correct * body.perCorrectCents();
            if (body.capCents() != null) {
                cents = Math.min(cents, body.capCents());
            }
            if (cents > 0) {
                lines.add(new Line((String) r[0], correct, cents));
            }
        }
        return lines;
    }

    private List<Line> lines(long bonusId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT prolific_pid, cents FROM prolific_bonus_line "
                + "WHERE bonus_id = ?1 ORDER BY prolific_pid").setParameter(1, bonusId).getResultList();
        return rows.stream().map(r -> new Line((String) r[0], -1, ((Number) r[1]).intValue())).toList();
    }

    private Row find(String where, Object param) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, prolific_id, state, csv, total_cents, paying_since "
                + "FROM prolific_bonus WHERE " + where).setParameter(1, param).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        return new Row(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).intValue(), toOffset(r[5]));
    }

    private static OffsetDateTime toOffset(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) o).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    static String csv(List<Line> lines) {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            b.append(l.participantId()).append(',').append(l.cents() / 100).append('.')
                    .append(String.format("%02d", l.cents() % 100)).append('\n');
        }
        return b.toString();
    }

    private static int total(List<Line> lines) {
        return lines.stream().mapToInt(Line::cents).sum();
    }
}
