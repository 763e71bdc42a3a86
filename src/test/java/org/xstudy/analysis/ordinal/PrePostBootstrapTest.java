package org.xstudy.analysis.ordinal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xstudy.analysis.Answer;

/** The Hase and Bansal pre/post estimate and its two-stage bootstrap interval. */
class PrePostBootstrapTest {

    private static Answer answer(String p, String c, String phase, String item, boolean right) {
        return Answer.simulation(p, c, phase, item, Answer.Kind.FORWARD, right ? "pos" : "neg", "pos", "pos", 1000);
    }

    @Test
    void changeIsPostMinusPreAccuracyAndVersusControlIsTheDifferenceOfChanges() {
        List<Answer> a = new ArrayList<>();
        // heatmap: pre 2 of 4 right, post 4 of 4 right: change +0.5
        for (String p : List.of("h1", "h2")) {
            a.add(answer(p, "heatmap", "pre", "i1", true));
            a.add(answer(p, "heatmap", "pre", "i2", false));
            a.add(answer(p, "heatmap", "post", "i1", true));
            a.add(answer(p, "heatmap", "post", "i2", true));
        }
        // control: pre 1 of 4, post 2 of 4: change +0.25
        a.add(answer("c1", "none", "pre", "i1", true));
        a.add(answer("c1", "none", "pre", "i2", false));
        a.add(answer("c2", "none", "pre", "i1", false));
        a.add(answer("c2", "none", "pre", "i2", false));
        a.add(answer("c1", "none", "post", "i1", true));
        a.add(answer("c1", "none", "post", "i2", true));
        a.add(answer("c2", "none", "post", "i1", false));
        a.add(answer("c2", "none", "post", "i2", false));
        PrePostBootstrap.Result r = PrePostBootstrap.estimate(a, List.of("none", "heatmap"), "none", 500, 7, 0.95);
        PrePostBootstrap.Estimate heatmap = r.changes().get(1);
        assertEquals("heatmap", heatmap.condition());
        assertEquals(0.5, heatmap.pre(), 1e-12);
        assertEquals(1.0, heatmap.post(), 1e-12);
        assertEquals(0.5, heatmap.change(), 1e-12);
        assertEquals(0.25, r.changes().get(0).change(), 1e-12);
        assertEquals(1, r.versusControl().size());
        assertEquals(0.25, r.versusControl().get(0).change(), 1e-12);
        assertNull(r.versusControl().get(0).pre());
        assertTrue(heatmap.interval().low() <= 0.5 && heatmap.interval().high() <= 1.0, heatmap.toString());
    }

    @Test
    void everyoneWrongBeforeAndRightAfterGivesChangeOneWithADegenerateInterval() {
        List<Answer> a = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            for (int i = 0; i < 6; i++) {
                a.add(answer("p" + p, "lime", "pre", "i" + i, false));
                a.add(answer("p" + p, "lime", "post", "i" + i, true));
            }
        }
        PrePostBootstrap.Estimate e = PrePostBootstrap.estimate(a, List.of("lime"), null, 200, 1, 0.95).changes()
                .get(0);
        assertEquals(1.0, e.change(), 0);
        assertEquals(1.0, e.interval().low(), 0);
        assertEquals(1.0, e.interval().high(), 0);
        assertEquals(5, e.participants());
        assertEquals(6, e.items());
    }

    @Test
    void theSameSeedGivesTheSameIntervalAndAnotherSeedADifferentOne() {
        List<Answer> a = simulate(new Random(3), 0.15);
        PrePostBootstrap.Result one = PrePostBootstrap.estimate(a, List.of("c"), null, 300, 42, 0.95);
        PrePostBootstrap.Result two = PrePostBootstrap.estimate(a, List.of("c"), null, 300, 42, 0.95);
        PrePostBootstrap.Result other = PrePostBootstrap.estimate(a, List.of("c"), null, 300, 43, 0.95);
        assertEquals(one, two);
        assertTrue(!one.changes().get(0).interval().equals(other.changes().get(0).interval()));
    }

    /**
     * Over simulated studies whose true change is known (additive on the probability scale, so the expected pooled
     * change is exactly the effect), the 95% interval covers it at about the nominal rate. The two-stage bootstrap
     * counts the answer-level noise at both stages, so it is expected to be somewhat conservative.
     */
    @Test
    void intervalCoversTheTrueChangeAtRoughlyTheNominalRate() {
        Random rng = new Random(2020);
        int studies = 200;
        int covered = 0;
        double effect = 0.15;
        for (int s = 0; s < studies; s++) {
            PrePostBootstrap.Estimate e = PrePostBootstrap.estimate(simulate(rng, effect), List.of("c"), null, 400,
                    s, 0.95).changes().get(0);
            if (e.interval().contains(effect)) {
                covered++;
            }
        }
        double rate = (double) covered / studies;
        System.out.println("pre/post bootstrap: 95% interval covered the true change in " + covered + " of " + studies
                + " simulated studies (" + rate + ")");
        assertTrue(rate >= 0.88 && rate <= 1.0, "coverage " + rate);
    }

    /** 30 participants × 16 items, each answered pre and post; P(right) = 0.55 + a_p + b_i (+ effect after). */
    static List<Answer> simulate(Random rng, double effect) {
        int participants = 30;
        int items = 16;
        double[] b = new double[items];
        for (int i = 0; i < items; i++) {
            b[i] = (rng.nextDouble() - 0.5) * 0.3;
        }
        List<Answer> out = new ArrayList<>();
        for (int p = 0; p < participants; p++) {
            double a = (rng.nextDouble() - 0.5) * 0.2;
            for (int i = 0; i < items; i++) {
                double pre = 0.55 + a + b[i];
                out.add(answer("p" + p, "c", "pre", "i" + i, rng.nextDouble() < pre));
                out.add(answer("p" + p, "c", "post", "i" + i, rng.nextDouble() < pre + effect));
            }
        }
        return out;
    }
}
