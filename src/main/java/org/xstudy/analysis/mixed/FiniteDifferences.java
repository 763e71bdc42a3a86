package org.xstudy.analysis.mixed;

import java.util.function.ToDoubleFunction;

/**
 * Gradient and Hessian by central differences with step δ, the scheme of lme4's {@code deriv12} that
 * {@code glmer} runs at its optimum and {@code vcov} inverts: H_ii = (f(x+δeᵢ) − 2f(x) + f(x−δeᵢ))/δ²,
 * H_ij = (f(x+δeᵢ+δeⱼ) − f(x+δeᵢ−δeⱼ) − f(x−δeᵢ+δeⱼ) + f(x−δeᵢ−δeⱼ))/(4δ²). glmer passes deriv12 no bounds, so
 * neither does this: at a θ on the boundary the differences step to −δ, where the deviance (even in θ) is defined.
 */
final class FiniteDifferences {

    /** Gradient and Hessian at a point. */
    record Derivatives(double[] gradient, double[][] hessian) {

        boolean finite() {
            for (double[] row : hessian) {
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private FiniteDifferences() {
    }

    static Derivatives at(ToDoubleFunction<double[]> f, double[] x, double fx, double delta) {
        int n = x.length;
        double[] g = new double[n];
        double[][] h = new double[n][n];
        double twoDelta = 2 * delta;
        for (int j = 0; j < n; j++) {
            double add = f.applyAsDouble(shift(x, j, delta, -1, 0));
            double sub = f.applyAsDouble(shift(x, j, -delta, -1, 0));
            h[j][j] = (add - 2 * fx + sub) / (delta * delta);
            g[j] = (add - sub) / twoDelta;
            for (int i = 0; i < j; i++) {
                double aa = f.applyAsDouble(shift(x, i, delta, j, delta));
                double as = f.applyAsDouble(shift(x, i, delta, j, -delta));
                double sa = f.applyAsDouble(shift(x, i, -delta, j, delta));
                double ss = f.applyAsDouble(shift(x, i, -delta, j, -delta));
                h[i][j] = (aa - as - sa + ss) / sq(twoDelta);
                h[j][i] = h[i][j];
            }
        }
        return new Derivatives(g, h);
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double[] shift(double[] x, int i, double di, int j, double dj) {
        double[] y = x.clone();
        y[i] += di;
        if (j >= 0) {
            y[j] += dj;
        }
        return y;
    }
}
