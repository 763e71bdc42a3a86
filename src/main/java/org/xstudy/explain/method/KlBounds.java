package org.xstudy.explain.method;

/**
 * Confidence bounds on a Bernoulli mean from the Kullback–Leibler divergence, as the KL-LUCB bandit of Kaufmann and
 * Kalyanakrishnan (COLT 2013) uses them, with the exploration rate of Anchors' reference implementation.
 */
final class KlBounds {

    private KlBounds() {
    }

    /** {@code KL(Bernoulli(p) ‖ Bernoulli(q))}, both clamped into (0, 1). */
    static double kl(double p, double q) {
        p = Math.min(1 - 1e-16, Math.max(1e-7, p));
        q = Math.min(1 - 1e-16, Math.max(1e-7, q));
        return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    }

    /** The largest q ≥ p with {@code KL(p, q) ≤ level}, by bisection. */
    static double upper(double p, double level) {
        double lm = p;
        double um = Math.min(Math.min(1, p + Math.sqrt(level / 2)), 1);
        double qm = (um + lm) / 2;
        for (int i = 0; i < 17; i++) {
            if (kl(p, qm) > level) {
                um = qm;
            } else {
                lm = qm;
            }
            qm = (um + lm) / 2;
        }
        return um;
    }

    /** The smallest q ≤ p with {@code KL(p, q) ≤ level}, by bisection. */
    static double lower(double p, double level) {
        double um = p;
        double lm = Math.max(Math.min(1, p - Math.sqrt(level / 2)), 0);
        double qm = (um + lm) / 2;
        for (int i = 0; i < 17; i++) {
            if (kl(p, qm) > level) {
                lm = qm;
            } else {
                um = qm;
            }
            qm = (um + lm) / 2;
        }
        return lm;
    }

    /** The exploration rate {@code β(t, δ)} for {@code arms} arms at round t (Kaufmann and Kalyanakrishnan's). */
    static double beta(int arms, int t, double delta) {
        double alpha = 1.1;
        double k = 405.5;
        double temp = Math.log(k * arms * Math.pow(t, alpha) / delta);
        return temp + Math.log(temp);
    }
}
