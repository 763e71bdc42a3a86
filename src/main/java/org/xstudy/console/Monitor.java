package org.xstudy.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Live figures of a running study, straight from the participant and response tables. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Monitor {

    @Inject
    EntityManager em;

    /** Participants of one condition (between-subjects group) by status. */
    public record Condition(String label, long started, long active, long completed, long timedOut,
            long screenedOut, long declined) {}

    /** One participant's latest activity. */
    public record Activity(String participant, String condition, String status, String step, String at) {}

    /**
     * The monitor's figures; {@code medianSeconds} is over completed participants (null when none),
     * {@code attentionFailureRate} over all attention-check answers (null when none).
     */
    public record View(List<Condition> conditions, Condition total, Double medianSeconds, long attentionChecks,
            long attentionFailures, Double attentionFailureRate, List<Activity> recent, String generatedAt) {}

    public View of(long studyId) {
        Map<String, long[]> byGroup = new LinkedHashMap<>();
        for (Object[] r : rows("SELECT grp_label, status, count(*) FROM participant WHERE study_id = ?1 "
                + "GROUP BY grp, grp_label, status ORDER BY grp", studyId)) {
            long[] c = byGroup.computeIfAbsent((String) r[0], k -> new long[5]);
            c[index((String) r[1])] += ((Number) r[2]).longValue();
        }
        List<Condition> conditions = new ArrayList<>();
        long[] all = new long[5];
        byGroup.forEach((label, c) -> {
            conditions.add(condition(label, c));
            for (int i = 0; i < 5; i++) {
                all[i] += c[i];
            }
        });
        Object median = em.createNativeQuery("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "
                + "extract(epoch FROM finished_at - started_at)) FROM participant "
                + "WHERE study_id = ?1 AND status = 'completed' AND finished_at IS NOT NULL")
                .setParameter(1, studyId).getSingleResult();
        Object[] attention = (Object[]) em.createNativeQuery("SELECT count(*), count(*) FILTER (WHERE correct = false) "
                + "FROM response WHERE study_id = ?1 AND kind = 'attention'").setParameter(1, studyId)
                .getSingleResult();
        long checks = ((Number) attention[0]).longValue();
        long failures = ((Number) attention[1]).longValue();
        List<Activity> recent = new ArrayList<>();
        for (Object[] r : rows("SELECT public_id::text, grp_label, CASE WHEN prolific_status IN ('RETURNED', 'TIMED-OUT', "
                + "'REJECTED') THEN status || ' (Prolific: ' || prolific_status || ')' ELSE status END, "
                + "current_step, last_seen_at FROM participant "
                + "WHERE study_id = ?1 ORDER BY last_seen_at DESC, id DESC LIMIT 10", studyId)) {
            recent.add(new Activity(((String) r[0]).substring(0, 8), (String) r[1], (String) r[2], (String) r[3],
                    time(r[4])));
        }
        return new View(conditions, condition("All", all), median == null ? null : ((Number) median).doubleValue(),
                checks, failures, checks == 0 ? null : (double) failures / checks, recent,
                OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
    }

    private static Condition condition(String label, long[] c) {
        return new Condition(label, c[0] + c[1] + c[2] + c[3] + c[4], c[0], c[1], c[2], c[3], c[4]);
    }

    private static int index(String status) {
        return switch (status) {
            case "active" -> 0;
            case "completed" -> 1;
            case "timed_out" -> 2;
            case "screened_out" -> 3;
            default -> 4;
        };
    }

    private static String time(Object t) {
        if (t instanceof OffsetDateTime o) {
            return o.withOffsetSameInstant(ZoneOffset.UTC).withNano(0).toString();
        }
        if (t instanceof java.time.Instant i) {
            return i.atOffset(ZoneOffset.UTC).withNano(0).toString();
        }
        return String.valueOf(t);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, long studyId) {
        return em.createNativeQuery(sql).setParameter(1, studyId).getResultList();
    }
}
