package org.xstudy.analysis.mixed;

/**
 * The Laplace approximation to −2 log L of a logistic GLMM with crossed random intercepts for participant and
 * item, as {@code lme4::glmer} defines it for {@code nAGQ = 1} (Bates et al. 2015, J. Stat. Softw. 67(1), §5;
 * lme4's {@code glmerLaplace}): for θ = (participant SD, item SD) and β,
 * d(θ, β) = −2 Σ log p(y | η) + ‖u‖² + log det(ΛᵀZᵀWZΛ + I), η = Xβ + ZΛu, at the conditional mode u of the
 * penalised deviance, found by penalised iteratively reweighted least squares (Newton steps on u with step
 * halving). Each evaluation starts from the previous mode, and iterates to machine precision, so the function is
 * smooth enough for a derivative-free optimiser and finite differences.
 */
final class LaplaceDeviance {

    private static final int MAX_ITERATIONS = 60;

    private final GlmmData data;
    private final CrossedSystem system;
    private final boolean participantsBig;
    private final int[] bigOf;
    private final int[] smallOf;
    private final double[] uBig;
    private final double[] uSmall;
    private final double[] offset;
    private final double[] eta;
    private final double[] mu;
    private final double[] w;
    private int evaluations;

    LaplaceDeviance(GlmmData data) {
        this.data = data;
        int np = data.participants().size();
        int ni = data.items().size();
        participantsBig = np >= ni;
        bigOf = participantsBig ? data.participant() : data.item();
        smallOf = participantsBig ? data.item() : data.participant();
        system = new CrossedSystem(bigOf, Math.max(np, ni), smallOf, Math.min(np, ni));
        uBig = new double[Math.max(np, ni)];
        uSmall = new double[Math.min(np, ni)];
        int n = data.rows();
        offset = new double[n];
        eta = new double[n];
        mu = new double[n];
        w = new double[n];
    }

    /** d(θ, β) with θ = {participant SD, item SD}. */
    double deviance(double thetaParticipant, double thetaItem, double[] beta) {
        evaluations++;
        double tb = participantsBig ? thetaParticipant : thetaItem;
        double ts = participantsBig ? thetaItem : thetaParticipant;
        linearPredictorOffset(beta);
        double pd = penalisedDeviance(tb, ts, uBig, uSmall);
        double[] stepBig = new double[uBig.length];
        double[] stepSmall = new double[uSmall.length];
        double[] trialBig = new double[uBig.length];
        double[] trialSmall = new double[uSmall.length];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            // gradient of half the penalised deviance, negated: the right-hand side of the Newton step
            for (int j = 0; j < stepBig.length; j++) {
                stepBig[j] = -uBig[j];
            }
            for (int i = 0; i < stepSmall.length; i++) {
                stepSmall[i] = -uSmall[i];
            }
            for (int k = 0; k < eta.length; k++) {
                double r = data.y()[k] - mu[k];
                stepBig[bigOf[k]] += tb * r;
                stepSmall[smallOf[k]] += ts * r;
            }
            double[] gb = stepBig.clone();
            double[] gs = stepSmall.clone();
            system.factor(w, tb, ts);
            system.solve(stepBig, stepSmall);
            double decrement = dot(gb, stepBig) + dot(gs, stepSmall);
            double scale = 1;
            double next = Double.POSITIVE_INFINITY;
            for (int halving = 0; halving < 30; halving++) {
                for (int j = 0; j < uBig.length; j++) {
                    trialBig[j] = uBig[j] + scale * stepBig[j];
                }
                for (int i = 0; i < uSmall.length; i++) {
                    trialSmall[i] = uSmall[i] + scale * stepSmall[i];
                }
                next = penalisedDeviance(tb, ts, trialBig, trialSmall);
                if (next <= pd + 1e-10 * Math.abs(pd)) {
                    break;
                }
                scale /= 2;
            }
            System.arraycopy(trialBig, 0, uBig, 0, uBig.length);
            System.arraycopy(trialSmall, 0, uSmall, 0, uSmall.length);
            pd = next;
            if (decrement < 1e-11 * (1 + Math.abs(pd))) {
                break;
            }
            if (it == MAX_ITERATIONS - 1) {
                throw new ArithmeticException("PIRLS did not converge");
            }
        }
        return pd + system.factor(w, tb, ts);
    }

    /** The conditional modes of the random effects b = Λu: participants' then items'. */
    double[][] randomEffects(double thetaParticipant, double thetaItem) {
        double[] big = uBig.clone();
        double[] small = uSmall.clone();
        double tb = participantsBig ? thetaParticipant : thetaItem;
        double ts = participantsBig ? thetaItem : thetaParticipant;
        for (int j = 0; j < big.length; j++) {
            big[j] *= tb;
        }
        for (int i = 0; i < small.length; i++) {
            small[i] *= ts;
        }
        return participantsBig ? new double[][] {big, small} : new double[][] {small, big};
    }

    /**
     * The fixed effects' information XᵀWX − XᵀWZΛ·H⁻¹·ΛᵀZᵀWX at the last evaluated point: the inverse of the
     * covariance lme4 reports from RX when the finite-difference Hessian is not usable.
     */
    double[][] fixedInformation(double thetaParticipant, double thetaItem) {
        double tb = participantsBig ? thetaParticipant : thetaItem;
        double ts = participantsBig ? thetaItem : thetaParticipant;
        int p = data.fixed();
        double[][] x = data.x();
        double[][] rb = new double[p][uBig.length];
        double[][] rs = new double[p][uSmall.length];
        double[][] m = new double[p][p];
        for (int c = 0; c < p; c++) {
            for (int k = 0; k < w.length; k++) {
                double v = w[k] * x[c][k];
                rb[c][bigOf[k]] += tb * v;
                rs[c][smallOf[k]] += ts * v;
                for (int d = 0; d <= c; d++) {
                    m[c][d] += v * x[d][k];
                }
            }
        }
        for (int d = 0; d < p; d++) {
            double[] zb = rb[d].clone();
            double[] zs = rs[d].clone();
            system.solve(zb, zs);
            for (int c = d; c < p; c++) {
                m[c][d] -= dot(rb[c], zb) + dot(rs[c], zs);
                m[d][c] = m[c][d];
            }
        }
        return m;
    }

    int evaluations() {
        return evaluations;
    }

    private void linearPredictorOffset(double[] beta) {
        java.util.Arrays.fill(offset, 0);
        for (int c = 0; c < beta.length; c++) {
            double[] col = data.x()[c];
            double b = beta[c];
            for (int k = 0; k < offset.length; k++) {
                offset[k] += col[k] * b;
            }
        }
    }

    /** −2 Σ log p(y | η) + ‖u‖², leaving η, μ and the weights μ(1 − μ) of these u in the fields. */
    private double penalisedDeviance(double tb, double ts, double[] ub, double[] us) {
        double dev = 0;
        int[] y = data.y();
        for (int k = 0; k < eta.length; k++) {
            double e = offset[k] + tb * ub[bigOf[k]] + ts * us[smallOf[k]];
            eta[k] = e;
            double m;
            double logLik;
            if (e >= 0) {
                double z = Math.exp(-e);
                m = 1 / (1 + z);
                logLik = (y[k] == 1 ? 0 : -e) - Math.log1p(z);
            } else {
                double z = Math.exp(e);
                m = z / (1 + z);
                logLik = (y[k] == 1 ? e : 0) - Math.log1p(z);
            }
            mu[k] = m;
            w[k] = m * (1 - m);
            dev -= 2 * logLik;
        }
        return dev + dot(ub, ub) + dot(us, us);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
