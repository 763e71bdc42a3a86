package org.xstudy.analysis.mixed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xstudy.analysis.stats.Interval;
import org.xstudy.analysis.stats.Wilson;

/**
 * Power by simulation for a simulatability study (Green and MacLeod 2016, simr; Kumle et al. 2021): draw the
 * study {@code simulations} times from a logistic GLMM with crossed random intercepts ({@link SimulatedStudy}),
 * fit {@code correct ~ condition + (1|participant) + (1|item)} to each draw ({@link GlmmFitter#QUICK}), and count
 * how often each condition's Wald test rejects at {@code alpha}. The share is the power; its Monte-Carlo
 * uncertainty is the 95% Wilson interval of that binomial count. A draw whose model cannot be fitted counts as not
 * significant and is reported.
 */
public final class PowerSimulation {

    /** Power to detect one condition's difference from the reference condition. */
    public record TermPower(String term, double trueLogOddsRatio, int significant, int simulations, double power,
                            Interval monteCarlo95, double meanEstimate) {
    }

    /**
     * The simulated power of every condition effect.
     *
     * @param failedFits draws whose model could not be fitted (counted as not significant)
     */
    public record Result(SimulatedStudy design, int simulations, double alpha, long seed, List<TermPower> terms,
                         int failedFits, double seconds) {
    }

    private PowerSimulation() {
    }

    public static Result run(SimulatedStudy design, int simulations, double alpha, long seed) {
        long start = System.nanoTime();
        List<String> conditions = design.conditions();
        int k = conditions.size();
        int[] significant = new int[k];
        double[] sum = new double[k];
        int failed = 0;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int s = 0; s < simulations; s++) {
            GlmmDesign d = GlmmDesign.of(design.draw(rng.split()), conditions.get(0));
            GlmmFit fit;
            try {
                fit = GlmmFitter.fit(d.data(), d.formula(), 1 - alpha, GlmmFitter.QUICK);
            } catch (ArithmeticException e) {
                failed++;
                continue;
            }
            for (int c = 1; c < k; c++) {
                String term = "condition" + conditions.get(c);
                GlmmFit.FixedEffect f = fit.fixedEffects().stream().filter(e -> e.term().equals(term)).findFirst()
                        .orElse(null);
                if (f == null) {
                    continue;
                }
                sum[c] += f.estimate();
                if (f.p() < alpha) {
                    significant[c]++;
                }
            }
        }
        List<TermPower> terms = new ArrayList<>();
        int fitted = simulations - failed;
        for (int c = 1; c < k; c++) {
            terms.add(new TermPower("condition" + conditions.get(c), design.effects()[c], significant[c], simulations,
                    (double) significant[c] / simulations, Wilson.interval(significant[c], simulations, 0.95),
                    fitted == 0 ? Double.NaN : sum[c] / fitted));
        }
        return new Result(design, simulations, alpha, seed, terms, failed, (System.nanoTime() - start) / 1e9);
    }
}
