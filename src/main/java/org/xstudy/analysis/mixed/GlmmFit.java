package org.xstudy.analysis.mixed;

import java.util.List;

/**
 * A fitted logistic GLMM as {@code summary(glmer(...))} prints it.
 *
 * @param formula the model in lme4's notation
 * @param fixedEffects one per column of the design, intercept first (treatment coding)
 * @param randomEffects the participant and item intercepts' standard deviations
 * @param logLik the Laplace-approximated log-likelihood; {@code deviance} is −2·logLik
 * @param singular a random-effect SD below 1e-4, as {@code lme4::isSingular} decides
 * @param evaluations how many times the Laplace deviance was evaluated
 */
public record GlmmFit(String formula, int observations, List<FixedEffect> fixedEffects,
                      List<RandomEffect> randomEffects, double logLik, double aic, double bic, double deviance,
                      int parameters, boolean singular, double confidence, int evaluations) {

    /**
     * One fixed effect on the log-odds scale with its Wald test, Wald interval and odds ratio.
     *
     * @param se from the finite-difference Hessian of the deviance over (θ, β), as lme4's {@code vcov}
     */
    public record FixedEffect(String term, double estimate, double se, double z, double p, double low, double high,
                              double oddsRatio, double oddsRatioLow, double oddsRatioHigh) {
    }

    /** A random intercept: its grouping factor, number of levels and standard deviation (log-odds scale). */
    public record RandomEffect(String group, int levels, double sd, double variance) {
    }

    /** The fixed effect named {@code term}. */
    public FixedEffect fixed(String term) {
        return fixedEffects.stream().filter(f -> f.term().equals(term)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixed effect " + term));
    }

    /** The random intercept of {@code group} ({@code participant} or {@code item}). */
    public RandomEffect random(String group) {
        return randomEffects.stream().filter(r -> r.group().equals(group)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no random effect " + group));
    }
}
