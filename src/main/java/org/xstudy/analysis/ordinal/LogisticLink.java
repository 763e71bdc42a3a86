package org.xstudy.analysis.ordinal;

/** The logit link's distribution function, its density and the density's derivative, safe at ±∞. */
final class LogisticLink {

    private LogisticLink() {
    }

    static double cdf(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    static double density(double x) {
        if (Double.isInfinite(x)) {
            return 0;
        }
        double e = Math.exp(-Math.abs(x));
        return e / ((1 + e) * (1 + e));
    }

    /** d density / dx = density · (1 − 2 cdf). */
    static double densityDerivative(double x) {
        if (Double.isInfinite(x)) {
            return 0;
        }
        return density(x) * (1 - 2 * cdf(x));
    }

    /** cdf(upper) − cdf(lower) for upper > lower, computed in the tail where it loses least precision. */
    static double interval(double upper, double lower) {
        if (lower > 0) {
            return cdf(-lower) - cdf(-upper);
        }
        return cdf(upper) - cdf(lower);
    }
}
