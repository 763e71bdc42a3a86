package org.xstudy.analysis.ordinal;

/** Dense Cholesky factorisation A = L L' of a symmetric matrix given by its lower triangle, and solves with it. */
final class Cholesky {

    private Cholesky() {
    }

    /** L (lower triangular, in place of a's lower triangle), or null when a is not positive definite. */
    static double[][] factor(double[][] a) {
        int m = a.length;
        for (int j = 0; j < m; j++) {
            double[] rj = a[j];
            double s = rj[j];
            for (int k = 0; k < j; k++) {
                s -= rj[k] * rj[k];
            }
            if (!(s > 0)) {
                return null;
            }
            double djj = Math.sqrt(s);
            rj[j] = djj;
            for (int i = j + 1; i < m; i++) {
                double[] ri = a[i];
                double t = ri[j];
                for (int k = 0; k < j; k++) {
                    t -= ri[k] * rj[k];
                }
                ri[j] = t / djj;
            }
        }
        return a;
    }

    /** x with L L' x = b. */
    static double[] solve(double[][] l, double[] b) {
        int m = b.length;
        double[] z = b.clone();
        for (int i = 0; i < m; i++) {
            double t = z[i];
            for (int k = 0; k < i; k++) {
                t -= l[i][k] * z[k];
            }
            z[i] = t / l[i][i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double t = z[i];
            for (int k = i + 1; k < m; k++) {
                t -= l[k][i] * z[k];
            }
            z[i] = t / l[i][i];
        }
        return z;
    }
}
