package org.xstudy.explain.method;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauss–Legendre quadrature on {@code [0, 1]}: {@code n} nodes and weights that integrate every polynomial of degree
 * up to {@code 2n − 1} exactly. Nodes are the roots of the Legendre polynomial {@code P_n}, found by Newton's method
 * from Tricomi's estimate {@code cos(π (i − 1/4) / (n + 1/2))}; weights {@code 2 / ((1 − x²) P_n'(x)²)}, both
 * mapped from {@code [−1, 1]}. Rules are computed once per {@code n}.
 */
public final class GaussLegendre {

    /** Nodes in ascending order and their weights, which sum to 1. */
    public record Rule(double[] nodes, double[] weights) {}

    private static final Map<Integer, Rule> RULES = new ConcurrentHashMap<>();

    private GaussLegendre() {
    }

    public static Rule rule(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        return RULES.computeIfAbsent(n, GaussLegendre::compute);
    }

    private static Rule compute(int n) {
        double[] nodes = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1;
                double p1 = x;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                double pn = n == 1 ? x : p1;
                double pPrev = n == 1 ? 1 : p0;
                dp = n * (x * pn - pPrev) / (x * x - 1);
                double dx = pn / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) {
                    break;
                }
            }
            double w = 2 / ((1 - x * x) * dp * dp);
            // x is the i-th largest root; map [-1, 1] to [0, 1] and store both symmetric nodes
            nodes[n - 1 - i] = (1 + x) / 2;
            nodes[i] = (1 - x) / 2;
            weights[n - 1 - i] = w / 2;
            weights[i] = w / 2;
        }
        return new Rule(nodes, weights);
    }
}
