package org.xstudy.prolific;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xstudy.analysis.Exclusion;
import org.xstudy.analysis.data.ExclusionService;
import org.xstudy.common.Actor;
import org.xstudy.common.AuditEvent;
import org.xstudy.common.ProblemException;
import org.xstudy.study.StudyService;

/**
 * Performance bonuses from simulation accuracy, sent to Prolific as one bulk bonus and paid exactly once. Each
 * participant is a row of {@code prolific_bonus_line} (unique per study and participant, so nobody gets a second
 * bonus); a study has at most one unfinished bulk bonus (a partial unique index), which a new request resumes.
 * {@link BulkBonusPayment} takes the bulk bonus through Prolific's two calls.
 */
@ApplicationScoped
public class ProlificBonuses {

    @Inject
    StudyService studies;

    @Inject
    ProlificAccounts accounts;

    @Inject
    BulkBonusPayment payment;

    @Inject
    ExclusionService exclusions;

    @Inject
    EntityManager em;

    @Inject
    Event<AuditEvent> audit;

    /**
     * The body of {@code POST /api/studies/{id}/prolific/bonuses}; amounts in pence or cents. {@code confirmUnpaid}
     * is the Prolific id of an unconfirmed bulk bonus the researcher has checked was not paid.
     */
    public record BonusRequest(Integer perCorrectCents, String phase, Integer capCents, Boolean dryRun,
            String confirmUnpaid) {}

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
        BulkBonusPayment.Row open = QuarkusTransaction.requiringNew().call(() -> openOrCreate(studyId, body));
        if (open == null) {
            return new Result(false, null, null, null, 0, List.of(), "", "Nobody is owed a bonus.");
        }
        BulkBonusPayment.Row row = payment.settle(open.state().equals("creating") ? payment.create(open, link, caller)
                : open, link, caller, body.confirmUnpaid());
        List<Line> lines = payment.lines(row.id());
        if (row.state().equals("paid")) {
            QuarkusTransaction.requiringNew().run(() -> audit.fire(new AuditEvent(who, "prolific.bonus", studyId,
                    "bulk bonus " + row.prolificId() + " paid: " + row.totalCents() + " in " + lines.size()
                            + " bonuses")));
        }
        return new Result(false, row.id(), row.prolificId(), row.state(), row.totalCents(), lines, row.csv(),
                switch (row.state()) {
                    case "paid" -> "Paid once on Prolific.";
                    case "unconfirmed" -> "Bulk bonus " + row.prolificId() + ": the pay call got no answer and "
                            + "Prolific does not show these bonuses yet, so xstudy cannot tell whether it paid. "
                            + "Prolific pays within minutes: ask again later. If Prolific's submissions of this study "
                            + "still show none of these bonuses, repeat this request with \"confirmUnpaid\": \""
                            + row.prolificId() + "\" and xstudy pays it once. Nobody else gets a bonus until then.";
                    default -> "A payment is under way; ask again later.";
                });
    }

    /** The study's unfinished bulk bonus, or a new one for everyone owed a bonus; null when nobody is. */
    private BulkBonusPayment.Row openOrCreate(long studyId, BonusRequest body) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1, ?2)").setParameter(1, 0x626f6e75)
                .setParameter(2, (int) studyId).getSingleResult();
        BulkBonusPayment.Row open = payment.find("study_id = ?1 AND state <> 'paid'", studyId);
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
        return payment.find("id = ?1", id.longValue());
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
