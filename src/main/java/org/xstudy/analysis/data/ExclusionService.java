package org.xstudy.analysis.data;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.xstudy.analysis.Exclusion;
import org.xstudy.analysis.ExclusionRules;
import org.xstudy.analysis.Exclusions;
import org.xstudy.common.ProblemException;
import org.xstudy.common.SqlTimes;

/**
 * Stores a study's exclusion rules and every exclusion decision. Automatic decisions are re-evaluated against the
 * current answers and rules whenever the analysis or an export runs: new ones are recorded, ones that no longer
 * apply are revoked (never deleted), so the table is a complete audit trail.
 */
@ApplicationScoped
public class ExclusionService {

    /** Who revokes automatic decisions that no longer apply. */
    public static final String RULES_ACTOR = "rules";

    @Inject
    EntityManager em;

    @Inject
    ResponseRepository responses;

    /** One stored decision, active or revoked. */
    public record Decision(long id, String participant, String rule, String reason, String decidedBy,
                           OffsetDateTime decidedAt, String revokedBy, OffsetDateTime revokedAt) {

        public boolean active() {
            return revokedAt == null;
        }
    }

    public ExclusionRules rules(long studyId) {
        List<?> rows = em.createNativeQuery("SELECT max_attention_failures, min_median_rt_ms, require_complete, "
                + "max_fast_answers FROM study_exclusion_rules WHERE study_id = ?1").setParameter(1, studyId).getResultList();
        if (rows.isEmpty()) {
            return ExclusionRules.defaults();
        }
        Object[] r = (Object[]) rows.get(0);
        return new ExclusionRules(r[0] == null ? null : ((Number) r[0]).intValue(),
                r[1] == null ? null : ((Number) r[1]).longValue(), (Boolean) r[2],
                r[3] == null ? null : ((Number) r[3]).intValue());
    }

    @Transactional
    public ExclusionRules setRules(long studyId, ExclusionRules rules, String actor) {
        em.createNativeQuery("""
                INSERT INTO study_exclusion_rules (study_id, max_attention_failures, min_median_rt_ms,
                    require_complete, max_fast_answers, updated_by, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?6, ?5, now())
                ON CONFLICT (study_id) DO UPDATE SET max_attention_failures = EXCLUDED.max_attention_failures,
                    min_median_rt_ms = EXCLUDED.min_median_rt_ms, require_complete = EXCLUDED.require_complete,
                    max_fast_answers = EXCLUDED.max_fast_answers, updated_by = EXCLUDED.updated_by,
                    updated_at = now()
                """).setParameter(1, studyId).setParameter(2, rules.maxAttentionFailures())
                .setParameter(3, rules.minMedianResponseMs() == null ? null : rules.minMedianResponseMs().intValue())
                .setParameter(4, rules.requireComplete()).setParameter(5, actor)
                .setParameter(6, rules.maxFastAnswers()).executeUpdate();
        sync(studyId);
        return rules;
    }

    /** Re-evaluates the rules, records the changes, and returns the active decisions. */
    @Transactional
    public List<Exclusion> sync(long studyId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, studyId).getSingleResult();
        List<Exclusion> computed = Exclusions.decide(rules(studyId), responses.participantStats(studyId), List.of());
        Set<String> wanted = new HashSet<>();
        computed.forEach(e -> wanted.add(e.participantId() + "|" + e.rule()));
        Set<String> present = new HashSet<>();
        for (Decision d : decisions(studyId)) {
            if (!d.active() || d.rule().equals(Exclusion.Rule.MANUAL.name())) {
                continue;
            }
            String key = d.participant() + "|" + d.rule();
            if (wanted.contains(key)) {
                present.add(key);
            } else {
                revoke(d.id(), RULES_ACTOR);
            }
        }
        for (Exclusion e : computed) {
            if (!present.contains(e.participantId() + "|" + e.rule())) {
                insert(studyId, UUID.fromString(e.participantId()), e.rule(), e.reason(), RULES_ACTOR);
            }
        }
        return active(studyId);
    }

    /** Active decisions as the analysis uses them. */
    public List<Exclusion> active(long studyId) {
        List<Exclusion> out = new ArrayList<>();
        for (Decision d : decisions(studyId)) {
            if (d.active()) {
                out.add(new Exclusion(d.participant(), Exclusion.Rule.valueOf(d.rule()), d.reason()));
            }
        }
        return out;
    }

    /** By participant public id: the active rules joined by ';'. */
    public Map<String, String> reasons(List<Exclusion> active) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Exclusion e : active) {
            out.merge(e.participantId(), e.rule().name(), (a, b) -> a.contains(b) ? a : a + ";" + b);
        }
        return out;
    }

    @Transactional
    public Decision exclude(long studyId, String participant, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badField("/reason", "Give the reason for the exclusion.");
        }
        if (reason.length() > 2000) {
            throw ProblemException.badField("/reason", "The reason is longer than 2000 characters.");
        }
        UUID id;
        try {
            id = UUID.fromString(participant == null ? "" : participant);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("/participant", "Give the participant's pseudonymous id (a UUID).");
        }
        long decision = insert(studyId, id, Exclusion.Rule.MANUAL, reason.strip(), actor);
        return decisions(studyId).stream().filter(d -> d.id() == decision).findFirst().orElseThrow();
    }

    /** Withdraws a decision; the row stays, marked revoked. */
    @Transactional
    public void withdraw(long studyId, long decisionId, String actor) {
        int n = em.createNativeQuery("UPDATE exclusion_decision SET revoked_at = now(), revoked_by = ?1 "
                + "WHERE id = ?2 AND study_id = ?3 AND revoked_at IS NULL AND rule = 'MANUAL'")
                .setParameter(1, actor).setParameter(2, decisionId).setParameter(3, studyId).executeUpdate();
        if (n == 0) {
            throw ProblemException.notFound("Active manual exclusion " + decisionId);
        }
    }

    private long insert(long studyId, UUID participant, Exclusion.Rule rule, String reason, String actor) {
        List<?> ids = em.createNativeQuery("""
                INSERT INTO exclusion_decision (study_id, participant_id, rule, reason, decided_by)
                SELECT ?1, p.id, ?2, ?3, ?4 FROM participant p WHERE p.study_id = ?1 AND p.public_id = ?5
                RETURNING id
                """).setParameter(1, studyId).setParameter(2, rule.name()).setParameter(3, reason)
                .setParameter(4, actor).setParameter(5, participant).getResultList();
        if (ids.isEmpty()) {
            throw ProblemException.badField("/participant", "No participant " + participant + " in this study.");
        }
        return ((Number) ids.get(0)).longValue();
    }

    private void revoke(long decisionId, String actor) {
        em.createNativeQuery("UPDATE exclusion_decision SET revoked_at = now(), revoked_by = ?1 WHERE id = ?2")
                .setParameter(1, actor).setParameter(2, decisionId).executeUpdate();
    }

    /** Every decision of the study, oldest first. */
    public List<Decision> decisions(long studyId) {
        List<?> rows = em.createNativeQuery("""
                SELECT d.id, p.public_id, d.rule, d.reason, d.decided_by, d.decided_at, d.revoked_by, d.revoked_at
                FROM exclusion_decision d JOIN participant p ON p.id = d.participant_id
                WHERE d.study_id = ?1 ORDER BY d.id
                """).setParameter(1, studyId).getResultList();
        List<Decision> out = new ArrayList<>();
        for (Object o : rows) {
            Object[] r = (Object[]) o;
            out.add(new Decision(((Number) r[0]).longValue(), r[1].toString(), (String) r[2], (String) r[3],
                    (String) r[4], SqlTimes.toOffset(r[5]), (String) r[6], SqlTimes.toOffset(r[7])));
        }
        return out;
    }
}
