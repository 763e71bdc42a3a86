package org.xstudy.analysis.mixed;

import java.util.Arrays;
import org.xstudy.analysis.stats.DenseCholesky;

/**
 * The penalised Hessian H = ΛᵀZᵀWZΛ + I of two crossed random intercepts, factored by its block structure:
 * the larger factor's block is diagonal (A), so H is eliminated onto the smaller factor's block through the
 * Schur complement S = D − Cᵀ A⁻¹ C, a dense m×m matrix with m the smaller factor's number of levels, built in
 * time proportional to Σ (items per participant)². log det H = Σ log A + log det S.
 */
final class CrossedSystem {

    private final int[] big;
    private final int[] small;
    private final int[] pairOf;
    private final int[] pairStart;
    private final int[] pairSmall;
    private final int nBig;
    private final int nSmall;
    private final double[] wBig;
    private final double[] wSmall;
    private final double[] wPair;
    private final double[] a;
    private final double[] dense;
    private DenseCholesky chol;
    private double cross;
    private double logDet;

    /** Sets up the structure of two grouping factors of the same rows (levels 0..n−1 each). */
    CrossedSystem(int[] big, int nBig, int[] small, int nSmall) {
        this.big = big;
        this.small = small;
        this.nBig = nBig;
        this.nSmall = nSmall;
        int n = big.length;
        long[] keys = new long[n];
        for (int k = 0; k < n; k++) {
            keys[k] = (long) big[k] * nSmall + small[k];
        }
        long[] distinct = Arrays.stream(keys).sorted().distinct().toArray();
        pairOf = new int[n];
        for (int k = 0; k < n; k++) {
            pairOf[k] = Arrays.binarySearch(distinct, keys[k]);
        }
        pairStart = new int[nBig + 1];
        pairSmall = new int[distinct.length];
        for (int t = 0; t < distinct.length; t++) {
            pairStart[(int) (distinct[t] / nSmall) + 1]++;
            pairSmall[t] = (int) (distinct[t] % nSmall);
        }
        for (int j = 0; j < nBig; j++) {
            pairStart[j + 1] += pairStart[j];
        }
        wBig = new double[nBig];
        wSmall = new double[nSmall];
        wPair = new double[distinct.length];
        a = new double[nBig];
        dense = new double[nSmall];
    }

    /** Factors H for the rows' weights w and the two scale factors θ; returns log det H. */
    double factor(double[] w, double thetaBig, double thetaSmall) {
        Arrays.fill(wBig, 0);
        Arrays.fill(wSmall, 0);
        Arrays.fill(wPair, 0);
        for (int k = 0; k < w.length; k++) {
            wBig[big[k]] += w[k];
            wSmall[small[k]] += w[k];
            wPair[pairOf[k]] += w[k];
        }
        cross = thetaBig * thetaSmall;
        double c2 = cross * cross;
        double[][] s = new double[nSmall][nSmall];
        for (int i = 0; i < nSmall; i++) {
            s[i][i] = thetaSmall * thetaSmall * wSmall[i] + 1;
        }
        double sumLogA = 0;
        for (int j = 0; j < nBig; j++) {
            a[j] = thetaBig * thetaBig * wBig[j] + 1;
            sumLogA += Math.log(a[j]);
            if (c2 == 0) {
                continue;
            }
            double f = c2 / a[j];
            int from = pairStart[j];
            int to = pairStart[j + 1];
            if (4 * (to - from) >= nSmall) {
                // a level that meets most of the other factor's levels: a dense rank-one update, which vectorises
                for (int t = from; t < to; t++) {
                    dense[pairSmall[t]] = wPair[t];
                }
                for (int t = from; t < to; t++) {
                    double ct = f * wPair[t];
                    double[] row = s[pairSmall[t]];
                    for (int c = 0, last = pairSmall[t]; c <= last; c++) {
                        row[c] -= ct * dense[c];
                    }
                }
                for (int t = from; t < to; t++) {
                    dense[pairSmall[t]] = 0;
                }
            } else {
                for (int t = from; t < to; t++) {
                    double ct = f * wPair[t];
                    double[] row = s[pairSmall[t]];
                    for (int r = from; r <= t; r++) {
                        row[pairSmall[r]] -= ct * wPair[r];
                    }
                }
            }
        }
        chol = new DenseCholesky(s);
        logDet = sumLogA + chol.logDet();
        return logDet;
    }

    double logDet() {
        return logDet;
    }

    /** Solves H·[xb; xs] = [rb; rs] in place with the last factorisation. */
    void solve(double[] rb, double[] rs) {
        for (int j = 0; j < nBig; j++) {
            double f = cross * rb[j] / a[j];
            for (int t = pairStart[j]; t < pairStart[j + 1]; t++) {
                rs[pairSmall[t]] -= f * wPair[t];
            }
        }
        chol.solve(rs);
        for (int j = 0; j < nBig; j++) {
            double s = rb[j];
            for (int t = pairStart[j]; t < pairStart[j + 1]; t++) {
                s -= cross * wPair[t] * rs[pairSmall[t]];
            }
            rb[j] = s / a[j];
        }
    }
}
