package org.xstudy.analysis.ordinal;

import java.util.Arrays;
import org.xstudy.analysis.stats.DenseCholesky;

/**
 * The negative log-likelihood of a cumulative logit model with two crossed random intercepts, by the Laplace
 * approximation, as {@code ordinal::clmm} computes it (its {@code getNLA}): with spherical random effects u (b = σ u),
 * {@code −log L ≈ −Σ log P(y | û) + ½ û'û + ½ log det H(û)}, where û is the conditional mode found by Newton's
 * method with step halving and H the exact Hessian of the penalised negative log-likelihood in u.
 *
 * <p>H has a diagonal block per grouping factor and a sparse cross block. The larger factor's block is eliminated
 * (it is diagonal), leaving a dense Schur complement the size of the smaller factor, factored by Cholesky; so a
 * study of 1,000 participants × 100 items costs a 100 × 100 factorisation per Newton step.
 *
 * <p>Not thread-safe: it keeps the last mode as the next starting point.
 */
final class CrossedLaplace {

    private static final int MAX_NEWTON = 100;
    private static final int MAX_HALVINGS = 60;
    private static final double GRADIENT_TOLERANCE = 1e-10;
    private static final double STEP_TOLERANCE = 1e-12;

    private final OrdinalData data;
    private final int n;
    private final int nA;
    private final int nB;
    private final boolean eliminateA;
    /** Distinct (big level, small level) pairs, grouped by big level: pairs of big level l are pairStart[l] ... */
    private final int[] pairStart;
    private final int[] pairSmall;
    private final int[] obsPair;

    private final double[] u;
    private final double[] gradient;
    private final double[] hessA;
    private final double[] hessB;
    private final double[] cross;
    private final double[] phi1;
    private final double[] phi2;
    private final double[] fixedEta;
    private int newtonSteps;

    CrossedLaplace(OrdinalData data) {
        this.data = data;
        n = data.size();
        nA = data.levelsA().size();
        nB = data.levelsB().size();
        eliminateA = nA >= nB;
        int[] big = eliminateA ? data.groupA() : data.groupB();
        int[] small = eliminateA ? data.groupB() : data.groupA();
        int nBig = eliminateA ? nA : nB;
        int nSmall = eliminateA ? nB : nA;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) big[i] * nSmall + small[i];
        }
        long[] distinct = Arrays.stream(keys).distinct().sorted().toArray();
        obsPair = new int[n];
        for (int i = 0; i < n; i++) {
            obsPair[i] = Arrays.binarySearch(distinct, keys[i]);
        }
        pairStart = new int[nBig + 1];
        pairSmall = new int[distinct.length];
        for (int p = 0; p < distinct.length; p++) {
            pairStart[(int) (distinct[p] / nSmall) + 1]++;
            pairSmall[p] = (int) (distinct[p] % nSmall);
        }
        for (int l = 0; l < nBig; l++) {
            pairStart[l + 1] += pairStart[l];
        }
        u = new double[nA + nB];
        gradient = new double[nA + nB];
        hessA = new double[nA];
        hessB = new double[nB];
        cross = new double[distinct.length];
        phi1 = new double[n];
        phi2 = new double[n];
        fixedEta = new double[n];
    }

    /** Newton steps taken in all evaluations so far. */
    int newtonSteps() {
        return newtonSteps;
    }

    /** The conditional modes of the random effects on their own scale (σ u), first factor then second. */
    double[] modes(double sdA, double sdB) {
        double[] b = new double[nA + nB];
        for (int j = 0; j < nA; j++) {
            b[j] = sdA * u[j];
        }
        for (int j = 0; j < nB; j++) {
            b[nA + j] = sdB * u[nA + j];
        }
        return b;
    }

    /**
     * −log L by Laplace at the given parameters, or +∞ where the likelihood is zero (thresholds out of order).
     */
    double negLogLik(double[] thresholds, double[] beta, double sdA, double sdB) {
        for (int j = 1; j < thresholds.length; j++) {
            if (!(thresholds[j] > thresholds[j - 1])) {
                return Double.POSITIVE_INFINITY;
            }
        }
        double[][] x = data.x();
        for (int i = 0; i < n; i++) {
            double e = 0;
            for (int c = 0; c < beta.length; c++) {
                e += x[i][c] * beta[c];
            }
            fixedEta[i] = e;
        }
        double nll = penalised(thresholds, sdA, sdB, u, true);
        if (!Double.isFinite(nll)) {
            Arrays.fill(u, 0);
            nll = penalised(thresholds, sdA, sdB, u, true);
            if (!Double.isFinite(nll)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        double[] trial = new double[u.length];
        for (int it = 0; it < MAX_NEWTON; it++) {
            hessian(sdA, sdB);
            if (maxAbs(gradient) < GRADIENT_TOLERANCE) {
                break;
            }
            double[] step = solve(gradient);
            if (step == null) {
                return Double.POSITIVE_INFINITY;
            }
            double factor = 1;
            double tried = Double.POSITIVE_INFINITY;
            double slack = 1e-13 * Math.abs(nll);
            for (int h = 0; h < MAX_HALVINGS; h++) {
                for (int j = 0; j < u.length; j++) {
                    trial[j] = u[j] - factor * step[j];
                }
                tried = penalised(thresholds, sdA, sdB, trial, false);
                if (tried <= nll + slack) {
                    break;
                }
                factor /= 2;
            }
            if (!(tried <= nll + slack)) {
                break;
            }
            System.arraycopy(trial, 0, u, 0, u.length);
            nll = penalised(thresholds, sdA, sdB, u, true);
            newtonSteps++;
            if (factor * maxAbs(step) < STEP_TOLERANCE) {
                break;
            }
        }
        hessian(sdA, sdB);
        double logDet = logDetHessian();
        return Double.isFinite(logDet) ? nll + logDet / 2 : Double.POSITIVE_INFINITY;
    }

    /**
     * −Σ log P(y | u) + ½ u'u; with {@code derivatives} also the gradient in u and the per-observation weights of
     * the Hessian (phi1, phi2 as in ordinal's grad.u and hess.u).
     */
    private double penalised(double[] th, double sdA, double sdB, double[] uu, boolean derivatives) {
        int[] y = data.y();
        int[] ga = data.groupA();
        int[] gb = data.groupB();
        int k = th.length;
        double nll = 0;
        for (int i = 0; i < n; i++) {
            double eta = fixedEta[i] + sdA * uu[ga[i]] + sdB * uu[nA + gb[i]];
            double upper = y[i] < k ? th[y[i]] - eta : Double.POSITIVE_INFINITY;
            double lower = y[i] > 0 ? th[y[i] - 1] - eta : Double.NEGATIVE_INFINITY;
            double f = LogisticLink.interval(upper, lower);
            if (!(f > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            nll -= Math.log(f);
            if (derivatives) {
                double p = (LogisticLink.density(upper) - LogisticLink.density(lower)) / f;
                phi1[i] = p;
                phi2[i] = p * p - (LogisticLink.densityDerivative(upper) - LogisticLink.densityDerivative(lower)) / f;
            }
        }
        double ss = 0;
        for (double v : uu) {
            ss += v * v;
        }
        if (derivatives) {
            for (int j = 0; j < u.length; j++) {
                gradient[j] = uu[j];
            }
            for (int i = 0; i < n; i++) {
                gradient[ga[i]] += sdA * phi1[i];
                gradient[nA + gb[i]] += sdB * phi1[i];
            }
        }
        return nll + ss / 2;
    }

    private void hessian(double sdA, double sdB) {
        Arrays.fill(hessA, 1);
        Arrays.fill(hessB, 1);
        Arrays.fill(cross, 0);
        int[] ga = data.groupA();
        int[] gb = data.groupB();
        for (int i = 0; i < n; i++) {
            hessA[ga[i]] += sdA * sdA * phi2[i];
            hessB[gb[i]] += sdB * sdB * phi2[i];
            cross[obsPair[i]] += sdA * sdB * phi2[i];
        }
    }

    private double[] bigDiagonal() {
        return eliminateA ? hessA : hessB;
    }

    private double[] smallDiagonal() {
        return eliminateA ? hessB : hessA;
    }

    /** S = E − C' D⁻¹ C, the Schur complement of the big (diagonal) block D, lower triangle filled. */
    private double[][] schur() {
        double[] d = bigDiagonal();
        double[] e = smallDiagonal();
        int m = e.length;
        double[][] s = new double[m][m];
        for (int j = 0; j < m; j++) {
            s[j][j] = e[j];
        }
        for (int l = 0; l < d.length; l++) {
            for (int p = pairStart[l]; p < pairStart[l + 1]; p++) {
                double wp = cross[p] / d[l];
                int sp = pairSmall[p];
                for (int q = pairStart[l]; q <= p; q++) {
                    int sq = pairSmall[q];
                    if (sp >= sq) {
                        s[sp][sq] -= wp * cross[q];
                    } else {
                        s[sq][sp] -= wp * cross[q];
                    }
                }
            }
        }
        return s;
    }

    private double logDetHessian() {
        double logDet = 0;
        for (double v : bigDiagonal()) {
            if (!(v > 0)) {
                return Double.NaN;
            }
            logDet += Math.log(v);
        }
        double[][] s = schur();
        DenseCholesky l = DenseCholesky.orNull(s);
        if (l == null) {
            return Double.NaN;
        }
        for (int j = 0; j < s.length; j++) {
            logDet += 2 * Math.log(l.diagonal(j));
        }
        return logDet;
    }

    /** H⁻¹ g by block elimination, or null when H is not positive definite. */
    private double[] solve(double[] g) {
        double[] d = bigDiagonal();
        int nBig = d.length;
        int offBig = eliminateA ? 0 : nA;
        int offSmall = eliminateA ? nA : 0;
        int m = smallDiagonal().length;
        double[] rhs = new double[m];
        for (int j = 0; j < m; j++) {
            rhs[j] = g[offSmall + j];
        }
        for (int l = 0; l < nBig; l++) {
            double gl = g[offBig + l] / d[l];
            for (int p = pairStart[l]; p < pairStart[l + 1]; p++) {
                rhs[pairSmall[p]] -= cross[p] * gl;
            }
        }
        DenseCholesky chol = DenseCholesky.orNull(schur());
        if (chol == null) {
            return null;
        }
        double[] ySmall = rhs;
        chol.solve(ySmall);
        double[] out = new double[g.length];
        for (int j = 0; j < m; j++) {
            out[offSmall + j] = ySmall[j];
        }
        for (int l = 0; l < nBig; l++) {
            double r = g[offBig + l];
            for (int p = pairStart[l]; p < pairStart[l + 1]; p++) {
                r -= cross[p] * ySmall[pairSmall[p]];
            }
            out[offBig + l] = r / d[l];
        }
        return out;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
