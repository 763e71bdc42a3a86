package org.xstudy.analysis.ordinal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClmmFitter} against {@code ordinal::clmm} in the real R on this machine, on simulated data sets (balanced,
 * unbalanced, with a near-singular item effect, and a larger one): thresholds, condition effects and random-effect
 * SDs must agree to 1e-4 (relative) and the Laplace log-likelihoods to 1e-6. The number of cases, the largest
 * differences and both sides' times are printed.
 */
class ClmmAgreesWithRTest {

    static final List<SimulatedRatings> CASES = List.of(
            new SimulatedRatings("balanced", 30, 12, new double[] {0, 0.8, -0.5}, new double[] {1 / 3.0, 1 / 3.0,
                    1 / 3.0}, new double[] {-2, -0.7, 0.6, 2}, 1.0, 0.7, 1.0, 11),
            new SimulatedRatings("unbalanced", 45, 20, new double[] {0, 0.6, 1.2}, new double[] {0.5, 0.3, 0.2},
                    new double[] {-3, -2, -1, 0, 1.5, 3.5}, 1.3, 0.5, 0.6, 12),
            new SimulatedRatings("nearsingular", 40, 15, new double[] {0, 0.7}, new double[] {0.5, 0.5},
                    new double[] {-1.5, 0, 1.5}, 1.0, 0.05, 1.0, 13),
            new SimulatedRatings("large", 120, 30, new double[] {0, 0.3, 0.6, -0.4}, new double[] {0.25, 0.25, 0.25,
                    0.25}, new double[] {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5}, 1.0, 0.6, 1.0, 14));

    @TempDir
    Path dir;

    @Test
    void fixedEffectsThresholdsSdsAndLogLikelihoodsEqualOrdinalClmm() throws Exception {
        List<String> files = new ArrayList<>();
        for (SimulatedRatings c : CASES) {
            Path f = dir.resolve(c.name() + ".csv");
            Files.writeString(f, c.csv());
            files.add(f.toString());
        }
        List<String> args = new ArrayList<>(List.of("tight"));
        args.addAll(files);
        Map<String, Map<String, Double>> r = parse(RProcess.run(dir, "fit-clmm.R", args, 600));
        double worstRel = 0;
        double worstLogLik = 0;
        double worstSe = 0;
        StringBuilder report = new StringBuilder();
        for (SimulatedRatings c : CASES) {
            long t0 = System.nanoTime();
            ClmmFit fit = ClmmFitter.fit(RatingObservation.modelData(c.generate(), c.conditions()), "participant",
                    "item");
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> expected = r.get(c.name());
            Map<String, Double> actual = values(fit);
            double caseEstimate = 0;
            double caseSd = 0;
            double caseSe = 0;
            for (Map.Entry<String, Double> e : actual.entrySet()) {
                Double want = expected.get(e.getKey());
                assertTrue(want != null, c.name() + ": R has no " + e.getKey() + " in " + expected.keySet());
                double rel = Math.abs(e.getValue() - want) / Math.max(Math.abs(want), 1e-300);
                if (e.getKey().startsWith("se:")) {
                    caseSe = Math.max(caseSe, rel);
                } else if (e.getKey().startsWith("sd:")) {
                    caseSd = Math.max(caseSd, sdDifference(e.getValue(), want));
                } else {
                    caseEstimate = Math.max(caseEstimate, rel);
                }
            }
            double caseRel = Math.max(caseEstimate, caseSd);
            double dLogLik = Math.abs(fit.logLik() - expected.get("loglik:logLik"));
            report.append(String.format("%s: n=%d, largest relative difference: thresholds and coefficients %.2e, "
                            + "SDs %.2e (absolute for an SD R puts below 1e-3), SE %.2e; logLik %.2e absolute, %.2e "
                            + "relative (Java %.1f s, %d likelihood evaluations, R %.1f s, sd %s)%n", c.name(), fit.observations(), caseEstimate,
                    caseSd, caseSe, dLogLik, dLogLik / Math.abs(fit.logLik()), seconds, fit.evaluations(), expected.get("time:seconds"),
                    fit.randomEffects()));
            worstRel = Math.max(worstRel, caseRel);
            worstSe = Math.max(worstSe, caseSe);
            worstLogLik = Math.max(worstLogLik, dLogLik);
        }
        System.out.println("clmm cases compared with R: " + CASES.size() + "\n" + report);
        assertTrue(worstRel < 1e-4, report.toString());
        assertTrue(worstLogLik < 1e-6, report.toString());
        // SEs come from finite-difference Hessians on both sides (R: ordinal's deriv12, step 1e-4) and are not part of
        // the agreement criterion; with R's tightened optimiser they differ by up to 3% (near-singular and large
        // cases) while balanced and unbalanced agree to 5e-5, so only a sanity bound is asserted.
        assertTrue(worstSe < 0.05, report.toString());
    }

    /** Relative difference; an SD R puts on (or within 1e-3 of) the zero boundary needs only agree to 1e-4. */
    private static double sdDifference(double actual, double want) {
        double diff = Math.abs(actual - want);
        return want < 1e-3 ? diff : diff / want;
    }

    static Map<String, Double> values(ClmmFit fit) {
        Map<String, Double> v = new LinkedHashMap<>();
        fit.thresholds().forEach(t -> v.put("threshold:" + t.name(), t.estimate()));
        fit.coefficients().forEach(t -> v.put("coef:" + t.name(), t.estimate()));
        fit.thresholds().stream().filter(t -> t.se() != null).forEach(t -> v.put("se:" + t.name(), t.se()));
        fit.coefficients().stream().filter(t -> t.se() != null).forEach(t -> v.put("se:" + t.name(), t.se()));
        fit.randomEffects().forEach(g -> v.put("sd:" + g.group(), g.sd()));
        return v;
    }

    /** case → "kind:name" → value, from lines "case,kind,name,value". */
    static Map<String, Map<String, Double>> parse(String out) {
        Map<String, Map<String, Double>> r = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.split(",");
            if (f.length == 4) {
                try {
                    r.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1] + ":" + f[2],
                            Double.parseDouble(f[3]));
                } catch (NumberFormatException notAValueLine) {
                    // R's warnings and messages
                }
            }
        }
        assertEquals(true, !r.isEmpty(), "R printed no estimates:\n" + out);
        return r;
    }
}
