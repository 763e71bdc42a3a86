package org.xstudy.analysis;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * Parameters of one analysis run; all are echoed in the results.
 *
 * @param resamples bootstrap resamples for the cluster bootstrap
 * @param permutations permutations for the permutation tests against the control
 * @param seed seed of every random draw (bootstrap and permutations)
 * @param confidence confidence level of all intervals
 * @param control control condition chosen for this run; null takes the one the study spec flags
 *     {@code "control": true} (and none when it flags none: no condition name is taken for a control)
 * @param subsets the requested subsets ({@link SubsetParser}), each reported besides the fixed breakdowns (a repeated
 *     one once)
 */
public record AnalysisParams(int resamples, int permutations, long seed, double confidence, String control,
                             List<String> subsets) {

    public AnalysisParams {
        subsets = subsets == null ? List.of() : List.copyOf(new LinkedHashSet<>(subsets));
    }

    public AnalysisParams(int resamples, int permutations, long seed, double confidence, String control) {
        this(resamples, permutations, seed, confidence, control, List.of());
    }

    public static final int MAX_RESAMPLES = 100_000;

    public static AnalysisParams defaults() {
        return new AnalysisParams(2000, 10_000, 20240601L, 0.95, null);
    }

    public AnalysisParams withResamples(int r) {
        return new AnalysisParams(r, permutations, seed, confidence, control, subsets);
    }

    public AnalysisParams withSeed(long s) {
        return new AnalysisParams(resamples, permutations, s, confidence, control, subsets);
    }

    public AnalysisParams withControl(String c) {
        return new AnalysisParams(resamples, permutations, seed, confidence, c, subsets);
    }
}
