package org.xstudy.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Applies the exclusion rules to participants; manual exclusions are added as given. */
public final class Exclusions {

    private Exclusions() {
    }

    public static List<Exclusion> decide(ExclusionRules rules, List<Participant> participants, List<Answer> answers,
                                         List<Exclusion> manual) {
        return decide(rules, ParticipantStats.of(participants, answers), manual);
    }

    public static List<Exclusion> decide(ExclusionRules rules, List<ParticipantStats> stats, List<Exclusion> manual) {
        List<Exclusion> out = new ArrayList<>();
        for (ParticipantStats p : stats) {
            if (rules.maxAttentionFailures() != null && p.attentionFailures() > rules.maxAttentionFailures()) {
                out.add(new Exclusion(p.id(), Exclusion.Rule.ATTENTION_CHECK,
                        "failed " + p.attentionFailures() + " of " + p.attentionChecks() + " attention checks"));
            }
            Double median = p.medianResponseMs();
            if (rules.minMedianResponseMs() != null && median != null && median < rules.minMedianResponseMs()) {
                out.add(new Exclusion(p.id(), Exclusion.Rule.TOO_FAST, "median response time "
                        + Math.round(median) + " ms < " + rules.minMedianResponseMs() + " ms"));
            }
            if (rules.maxFastAnswers() != null && p.fastAnswers() > rules.maxFastAnswers()) {
                out.add(new Exclusion(p.id(), Exclusion.Rule.FAST_ANSWERS, p.fastAnswers()
                        + " answers faster than the server's floor (more than " + rules.maxFastAnswers() + ")"));
            }
            if (rules.requireComplete() && !p.completed()) {
                out.add(new Exclusion(p.id(), Exclusion.Rule.INCOMPLETE, "session not completed"));
            }
        }
        out.addAll(manual);
        return out;
    }

    public static Set<String> excludedIds(List<Exclusion> decisions) {
        Set<String> ids = new LinkedHashSet<>();
        decisions.forEach(d -> ids.add(d.participantId()));
        return ids;
    }
}
