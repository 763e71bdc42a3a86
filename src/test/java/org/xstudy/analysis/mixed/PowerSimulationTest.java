package org.xstudy.analysis.mixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * Power by simulation against closed forms. With both random-intercept SDs 0 every answer is an independent
 * Bernoulli draw, so the power to detect accuracies p1 vs p2 with n answers per condition is that of the
 * two-sided two-proportion z-test (Fleiss, Levin and Paik 2003, ch. 4):
 * Φ((|p1 − p2| − z_{1−α/2}·√(2p̄q̄/n)) / √((p1q1 + p2q2)/n)); with no difference it is α.
 */
class PowerSimulationTest {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    static double twoProportionPower(double p1, double p2, int n, double alpha) {
        double z = NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        double pBar = (p1 + p2) / 2;
        double null0 = Math.sqrt(2 * pBar * (1 - pBar) / n);
        double alt = Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n);
        double d = Math.abs(p1 - p2);
        return NORMAL.cumulativeProbability((d - z * null0) / alt)
                + NORMAL.cumulativeProbability((-d - z * null0) / alt);
    }

    private static SimulatedStudy independent(double p1, double p2, int participants, int items) {
        double l1 = Math.log(p1 / (1 - p1));
        double l2 = Math.log(p2 / (1 - p2));
        return SimulatedStudy.balanced(participants, items, List.of("none", "heatmap"), new double[] {l1, l2 - l1},
                0, 0, false);
    }

    @Test
    void withoutRandomEffectsPowerIsTheTwoProportionTests() {
        // 30 participants per condition × 10 items = 300 independent answers per condition: closed form 0.729
        double closed = twoProportionPower(0.6, 0.7, 300, 0.05);
        assertEquals(0.729, closed, 0.001);
        PowerSimulation.Result r = PowerSimulation.run(independent(0.6, 0.7, 60, 10), 200, 0.05, 7);
        PowerSimulation.TermPower t = r.terms().get(0);
        System.out.printf("power %.3f, Monte-Carlo 95%% [%.3f, %.3f], closed form %.3f, %.1f s%n", t.power(),
                t.monteCarlo95().low(), t.monteCarlo95().high(), closed, r.seconds());
        assertEquals("conditionheatmap", t.term());
        assertEquals(200, t.simulations());
        assertEquals(0, r.failedFits());
        assertTrue(t.monteCarlo95().contains(closed), "closed form " + closed + " outside " + t.monteCarlo95());
        assertEquals(Math.log(0.7 / 0.3) - Math.log(0.6 / 0.4), t.meanEstimate(), 0.05, "unbiased on average");
    }

    @Test
    void withoutADifferenceTheRejectionRateIsAlpha() {
        PowerSimulation.Result r = PowerSimulation.run(independent(0.65, 0.65, 40, 10), 200, 0.05, 8);
        PowerSimulation.TermPower t = r.terms().get(0);
        System.out.printf("type I error %.3f, Monte-Carlo 95%% [%.3f, %.3f]%n", t.power(), t.monteCarlo95().low(),
                t.monteCarlo95().high());
        assertTrue(t.monteCarlo95().contains(0.05), "alpha outside " + t.monteCarlo95());
    }

    @Test
    void theReferenceIsTheFirstConditionEvenWhenItDoesNotSortFirst() {
        SimulatedStudy s = SimulatedStudy.balanced(40, 10, List.of("zz-control", "aa-heatmap"),
                new double[] {0, 1.5}, 0.3, 0.3, true);
        PowerSimulation.Result r = PowerSimulation.run(s, 5, 0.05, 9);
        assertEquals("conditionaa-heatmap", r.terms().get(0).term());
        assertTrue(r.terms().get(0).meanEstimate() > 1, "the effect of aa-heatmap over zz-control is positive");
    }
}
