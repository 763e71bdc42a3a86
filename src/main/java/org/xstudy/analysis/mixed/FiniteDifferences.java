package org.xstudy.analysis.mixed;

import java.util.function.ToDoubleFunction;

/**
 * Gradient and Hessian by central differences with step δ, the scheme of lme4's {@code deriv12} that
 * {@code glmer} runs at its optimum and {@code vcov} inverts. A coordinate within δ of its lower bound steps down
 * only to the bound (δ⁻ = x − lower), as deriv12 does: H_ii = f(x+δ⁺eᵢ)/δ⁺² − 2f(x)/(δ⁺δ⁻) + f(x−δ⁻eᵢ)/δ⁻²,
 * H_ij = f(x+δ⁺ᵢeᵢ+δ⁺ⱼeⱼ)/(δ⁺ᵢ+δ⁺ⱼ)² − f(x+δ⁺ᵢeᵢ−δ⁻ⱼeⱼ)/(δ⁺ᵢ+δ⁻ⱼ)² − f(x−δ⁻ᵢeᵢ+δ⁺ⱼeⱼ)/(δ⁻ᵢ+δ⁺ⱼ)²
 * + f(x−δ⁻ᵢeᵢ−δ⁻ⱼeⱼ)/(δ⁻ᵢ+δ⁻ⱼ)². At a bound itself (δ⁻ = 0) the Hessian is not finite, and lme4 falls back to
 * the curvature of the fixed effects alone.
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

    static Derivatives at(ToDoubleFunction<double[]> f, double[] x, double fx, double delta, double[] lower) {
        int n = x.length;
        double[] up = new double[n];
        double[] down = new double[n];
        for (int i = 0; i < n; i++) {
            up[i] = delta;
            down[i] = x[i] - delta < lower[i] ? x[i] - lower[i] : delta;
        }
        double[] g = new double[n];
        double[][] h = new double[n][n];
        for (int j = 0; j < n; j++) {
            double add = f.applyAsDouble(shift(x, j, up[j], -1, 0));
            double sub = f.applyAsDouble(shift(x, j, -down[j], -1, 0));
            h[j][j] = add / (up[j] * up[j]) - 2 * fx / (up[j] * down[j]) + sub / (down[j] * down[j]);
            g[j] = (add - sub) / (up[j] + down[j]);
            for (int i = 0; i < j; i++) {
                double aa = f.applyAsDouble(shift(x, i, up[i], j, up[j]));
                double as = f.applyAsDouble(shift(x, i, up[i], j, -down[j]));
                double sa = f.applyAsDouble(shift(x, i, -down[i], j, up[j]));
                double ss = f.applyAsDouble(shift(x, i, -down[i], j, -down[j]));
                h[i][j] = aa / sq(up[i] + up[j]) - as / sq(up[i] + down[j]) - sa / sq(down[i] + up[j])
                        + ss / sq(down[i] + down[j]);
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
