package org.xstudy.analysis.mixed;

import org.xstudy.analysis.stats.DenseCholesky;

/** Plain logistic regression of y on X by Newton's method: the GLMM's starting fixed effects, as lme4's glm start. */
final class LogisticRegression {

    private LogisticRegression() {
    }

    static double[] fit(GlmmData data) {
        int p = data.fixed();
        int n = data.rows();
        double[][] x = data.x();
        double[] beta = new double[p];
        for (int it = 0; it < 25; it++) {
            double[][] h = new double[p][p];
            double[] g = new double[p];
            for (int k = 0; k < n; k++) {
                double e = 0;
                for (int c = 0; c < p; c++) {
                    e += x[c][k] * beta[c];
                }
                double m = 1 / (1 + Math.exp(-e));
                double w = Math.max(m * (1 - m), 1e-10);
                double r = data.y()[k] - m;
                for (int a = 0; a < p; a++) {
                    g[a] += x[a][k] * r;
                    for (int b = 0; b <= a; b++) {
                        h[a][b] += x[a][k] * x[b][k] * w;
                    }
                }
            }
            new DenseCholesky(h).solve(g);
            double change = 0;
            for (int c = 0; c < p; c++) {
                beta[c] += g[c];
                change = Math.max(change, Math.abs(g[c]));
            }
            if (change < 1e-10) {
                break;
            }
        }
        return beta;
    }
}
