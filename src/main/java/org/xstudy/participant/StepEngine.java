package org.xstudy.participant;

import java.util.List;
import java.util.Map;
import org.xstudy.study.spec.StudySpec;

/**
 * Decides where a participant stands: their next unanswered step, or how their session ended. Pure: it reads
 * only the plan, the spec's pass criteria and what has been answered, so a reload always lands on the same step.
 */
public final class StepEngine {

    private StepEngine() {}

    /** What a step's answers scored: rows written and how many of them were correct. */
    public record Outcome(int answers, int correct) {}

    /**
     * Either the next step (with its 0-based position in the plan) or a final status, with the number of attention
     * checks failed so far.
     */
    public record Position(Step next, int index, int total, String finalStatus, int attentionFailures) {

        Position(Step next, int index, int total, String finalStatus) {
            this(next, index, total, finalStatus, 0);
        }

        public boolean finished() {
            return next == null;
        }
    }

    public static Position locate(StudySpec spec, List<Step> plan, Map<String, Outcome> done) {
        int attentionFailures = 0;
        for (int i = 0; i < plan.size(); i++) {
            Step step = plan.get(i);
            Outcome outcome = done.get(step.key());
            if (outcome != null && outcome.correct() == 0 && step.kind().equals("attention")) {
                attentionFailures++;
            }
            if (step.kind().equals("comprehension")) {
                if (step.attempt() > 1 && passed(spec, step, done.get(step.phase() + "#" + (step.attempt() - 1)))) {
                    continue;
                }
                if (outcome == null) {
                    return new Position(step, i, plan.size(), null);
                }
                boolean lastAttempt = i + 1 >= plan.size()
                        || !plan.get(i + 1).key().equals(step.phase() + "#" + (step.attempt() + 1));
                if (!passed(spec, step, outcome) && lastAttempt) {
                    return new Position(null, i, plan.size(), "screened_out");
                }
                continue;
            }
            if (outcome == null) {
                return new Position(step, i, plan.size(), null);
            }
            if (step.kind().equals("consent") && outcome.correct() == 0) {
                return new Position(null, i, plan.size(), "declined");
            }
        }
        return new Position(null, plan.size(), plan.size(), "completed", attentionFailures);
    }

    static boolean passed(StudySpec spec, Step step, Outcome outcome) {
        if (outcome == null || outcome.answers() == 0) {
            return false;
        }
        Double criterion = spec.phases().get(step.phaseIndex()).passCriterion();
        double need = criterion == null ? 1.0 : criterion;
        return outcome.correct() >= need * outcome.answers() - 1e-9;
    }
}
