package org.xstudy.analysis.ordinal;

import java.util.List;

/**
 * A fitted cumulative link mixed model, named as {@code summary(ordinal::clmm(...))} names its parts.
 *
 * @param thresholds the cut points θ_j between adjacent categories, named {@code "j|j+1"}
 * @param coefficients fixed effects (log cumulative odds of a higher rating), named as R's treatment contrasts
 * @param randomEffects variance and standard deviation of each random intercept
 * @param logLik the Laplace approximation to the log-likelihood at the optimum
 * @param maxGradient largest |∂(−logLik)/∂parameter| at the optimum (free parameters), by central differences
 * @param evaluations Laplace likelihood evaluations used
 */
public record ClmmFit(int observations, List<Estimate> thresholds, List<Estimate> coefficients,
                      List<RandomEffect> randomEffects, double logLik, double maxGradient, int evaluations) {

    /** An estimate with its Wald standard error, z and two-sided p (null where the Hessian gives none). */
    public record Estimate(String name, double estimate, Double se, Double z, Double p) {
    }

    /** A random intercept: its grouping factor, number of levels, variance and standard deviation. */
    public record RandomEffect(String group, int levels, double variance, double sd) {
    }
}
