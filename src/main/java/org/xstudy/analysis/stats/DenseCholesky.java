package org.xstudy.analysis.stats;

/**
 * In-place Cholesky factor L·Lᵀ of a small dense symmetric positive definite matrix (lower triangle used), for the
 * mixed models' Laplace approximations (GLMM and CLMM).
 */
public final class DenseCholesky {

    private final double[][] l;

    /** Factors {@code a} in place (its lower triangle becomes L); throws if it is not positive definite. */
    public DenseCholesky(double[][] a) {
        int m = a.length;
        for (int j = 0; j < m; j++) {
            double[] rj = a[j];
            double d = rj[j];
            for (int k = 0; k < j; k++) {
                d -= rj[k] * rj[k];
            }
            if (!(d > 0)) {
                throw new ArithmeticException("matrix is not positive definite");
            }
            double djj = Math.sqrt(d);
            rj[j] = djj;
            for (int i = j + 1; i < m; i++) {
                double[] ri = a[i];
                double s = ri[j];
                for (int k = 0; k < j; k++) {
                    s -= ri[k] * rj[k];
                }
                ri[j] = s / djj;
            }
        }
        this.l = a;
    }

    /** The factor of {@code a} (in place), or null when {@code a} is not positive definite. */
    public static DenseCholesky orNull(double[][] a) {
        try {
            return new DenseCholesky(a);
        } catch (ArithmeticException notPositiveDefinite) {
            return null;
        }
    }

    /** The diagonal element i of L. */
    public double diagonal(int i) {
        return l[i][i];
    }

    /** log det(L·Lᵀ). */
    public double logDet() {
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            s += Math.log(l[i][i]);
        }
        return 2 * s;
    }

    /** Solves L·Lᵀ·x = b in place. */
    public void solve(double[] b) {
        int m = l.length;
        for (int i = 0; i < m; i++) {
            double[] ri = l[i];
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= ri[k] * b[k];
            }
            b[i] = s / ri[i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < m; k++) {
                s -= l[k][i] * b[k];
            }
            b[i] = s / l[i][i];
        }
    }

    /** The inverse of L·Lᵀ. */
    public double[][] inverse() {
        int m = l.length;
        double[][] inv = new double[m][m];
        for (int j = 0; j < m; j++) {
            double[] e = new double[m];
            e[j] = 1;
            solve(e);
            for (int i = 0; i < m; i++) {
                inv[i][j] = e[i];
            }
        }
        return inv;
    }
}
