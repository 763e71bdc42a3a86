package org.xstudy.analysis.mixed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xstudy.analysis.Answer;

/**
 * A simulatability study drawn from a logistic GLMM with crossed random intercepts: participants with normal
 * random skill (SD {@code sdParticipant}), items with normal random difficulty (SD {@code sdItem}), conditions
 * between subjects (participant p in condition p mod k, or at random when {@code unequalGroups}) or within
 * (participant p sees item i under condition (p + i) mod k), optionally a pre and a post phase on the same items.
 *
 * @param effects the log-odds of a correct answer in the first condition (post phase), then each other
 *                condition's difference from it
 * @param preEffect in a pre/post design, the log-odds difference of pre from post in the first condition
 * @param interaction per other condition, its extra pre-versus-post difference (condition × phase)
 * @param answerShare the probability that a participant answers a given item (1: every item)
 * @param unequalGroups between subjects, half the participants in the first condition, the rest spread at random
 */
public record SimulatedStudy(int participants, int items, List<String> conditions, double[] effects,
                             double sdParticipant, double sdItem, boolean within, boolean prePost, double preEffect,
                             double[] interaction, double answerShare, boolean unequalGroups) {

    /** A balanced design without phases: every participant answers every item once. */
    public static SimulatedStudy balanced(int participants, int items, List<String> conditions, double[] effects,
                                          double sdParticipant, double sdItem, boolean within) {
        return new SimulatedStudy(participants, items, conditions, effects, sdParticipant, sdItem, within, false, 0,
                new double[conditions.size()], 1, false);
    }

    /** One draw of the study's answers. */
    public List<Answer> draw(SplittableRandom rng) {
        double[] item = new double[items];
        for (int i = 0; i < items; i++) {
            item[i] = sdItem * gaussian(rng);
        }
        int k = conditions.size();
        List<Answer> out = new ArrayList<>();
        for (int p = 0; p < participants; p++) {
            int group = unequalGroups && k > 1 ? (rng.nextDouble() < 0.5 ? 0 : 1 + rng.nextInt(k - 1)) : p % k;
            double person = sdParticipant * gaussian(rng);
            for (int i = 0; i < items; i++) {
                if (answerShare < 1 && rng.nextDouble() >= answerShare) {
                    continue;
                }
                int c = within ? (p + i) % k : group;
                for (String phase : prePost ? List.of(Answer.PRE, Answer.POST) : List.of("main")) {
                    double eta = effects[0] + (c > 0 ? effects[c] : 0) + person + item[i];
                    if (phase.equals(Answer.PRE)) {
                        eta += preEffect + (c > 0 ? interaction[c - 1] : 0);
                    }
                    boolean correct = rng.nextDouble() < 1 / (1 + Math.exp(-eta));
                    out.add(Answer.simulation("p" + p, conditions.get(c), phase, "item" + i, Answer.Kind.FORWARD,
                            correct ? "pos" : "neg", "pos", "pos", 3000));
                }
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log1p(-rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
