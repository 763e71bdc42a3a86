package org.xstudy.analysis.ordinal;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.optim.PointValuePair;

/**
 * Fits a cumulative logit mixed model with crossed random intercepts by maximising the Laplace likelihood
 * ({@link CrossedLaplace}), the default of {@code ordinal::clmm} (Christensen 2019, "ordinal: Regression Models for
 * Ordinal Data", R package; Christensen 2011 "Analysis of ordinal data with cumulative link models").
 *
 * <p>Model: {@code logit P(Y ≤ j) = θ_j − x'β − a_participant − b_item}, a ~ N(0, σ_a²), b ~ N(0, σ_b²). Parameters are
 * the thresholds, β and the two standard deviations (σ ≥ 0). BOBYQA (Powell 2009; Hipparchus), the optimiser lme4
 * uses for its GLMMs, finds the optimum with thresholds as first value and log gaps so they stay ordered; Newton
 * steps on the central-difference gradient and Hessian then polish it to about 1e-8, since clmm's own optimum is only
 * defined to the precision of R's optimiser. Standard errors come from the inverse of that Hessian of −logLik in
 * (θ, β, σ), leaving out a σ within 1e-3 of zero as clmm does.
 */
public final class ClmmFitter {

    private static final double STEP = 1e-4;
    private static final double BOUNDARY = 1e-3;
    private static final double BIG = 1e4;
    private static final int MAX_POLISH = 10;

    private final OrdinalData data;
    private final CrossedLaplace laplace;
    private final int k;
    private final int p;
    private int evaluations;

    private ClmmFitter(OrdinalData data) {
        this.data = data;
        this.laplace = new CrossedLaplace(data);
        this.k = data.thresholds();
        this.p = data.columns();
    }

    /** Fits the model; {@code factorA} and {@code factorB} name the grouping factors (participant, item). */
    public static ClmmFit fit(OrdinalData data, String factorA, String factorB) {
        return new ClmmFitter(data).run(factorA, factorB);
    }

    private ClmmFit run(String factorA, String factorB) {
        double[] natural = bobyqa(start());
        natural = polish(natural);
        boolean[] free = free(natural);
        double nll = objective(natural);
        Derivatives d = derivatives(natural, free, nll);
        double[][] h = d.hessian();
        double[] g = d.gradient();
        double maxGrad = 0;
        for (double v : g) {
            maxGrad = Math.max(maxGrad, Math.abs(v));
        }
        double[] se = standardErrors(h, free);
        List<ClmmFit.Estimate> thresholds = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            thresholds.add(estimate(data.categoryNames().get(j) + "|" + data.categoryNames().get(j + 1),
                    natural[j], se[j]));
        }
        List<ClmmFit.Estimate> coefficients = new ArrayList<>();
        for (int c = 0; c < p; c++) {
            coefficients.add(estimate(data.columnNames().get(c), natural[k + c], se[k + c]));
        }
        double sdA = natural[k + p];
        double sdB = natural[k + p + 1];
        List<ClmmFit.RandomEffect> random = List.of(
                new ClmmFit.RandomEffect(factorA, data.levelsA().size(), sdA * sdA, sdA),
                new ClmmFit.RandomEffect(factorB, data.levelsB().size(), sdB * sdB, sdB));
        return new ClmmFit(data.size(), thresholds, coefficients, random, -nll, maxGrad, evaluations);
    }

    private static ClmmFit.Estimate estimate(String name, double value, double se) {
        if (!Double.isFinite(se)) {
            return new ClmmFit.Estimate(name, value, null, null, null);
        }
        double z = value / se;
        double pValue = 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z));
        return new ClmmFit.Estimate(name, value, se, z, pValue);
    }

    /** Thresholds at the marginal cumulative logits, β = 0, both σ = 1 (clmm also starts its σ at 1). */
    private double[] start() {
        int[] counts = new int[k + 1];
        for (int y : data.y()) {
            counts[y]++;
        }
        double[] x = new double[k + p + 2];
        double cum = 0;
        for (int j = 0; j < k; j++) {
            cum += counts[j];
            double q = cum / data.size();
            x[j] = Math.log(q / (1 - q));
        }
        x[k + p] = 1;
        x[k + p + 1] = 1;
        return x;
    }

    private double objective(double[] natural) {
        evaluations++;
        double[] th = new double[k];
        double[] beta = new double[p];
        System.arraycopy(natural, 0, th, 0, k);
        System.arraycopy(natural, k, beta, 0, p);
        return laplace.negLogLik(th, beta, natural[k + p], natural[k + p + 1]);
    }

    /** BOBYQA over (θ_1, log gaps, β, σ): the gaps keep thresholds ordered, σ is bounded below by 0. */
    private double[] bobyqa(double[] natural) {
        int dim = natural.length;
        double[] t = natural.clone();
        for (int j = 1; j < k; j++) {
            t[j] = Math.log(natural[j] - natural[j - 1]);
        }
        double[] lower = new double[dim];
        double[] upper = new double[dim];
        java.util.Arrays.fill(lower, -BIG);
        java.util.Arrays.fill(upper, BIG);
        lower[k + p] = 0;
        lower[k + p + 1] = 0;
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * dim + 1, 0.5, 1e-5);
        PointValuePair best = optimizer.optimize(new MaxEval(200_000),
                new ObjectiveFunction(v -> {
                    double f = objective(toNatural(v));
                    return Double.isFinite(f) ? f : Double.MAX_VALUE;
                }),
                GoalType.MINIMIZE, new InitialGuess(t), new SimpleBounds(lower, upper));
        return toNatural(best.getPoint());
    }

    private double[] toNatural(double[] t) {
        double[] x = t.clone();
        for (int j = 1; j < k; j++) {
            x[j] = x[j - 1] + Math.exp(t[j]);
        }
        return x;
    }

    /** A σ counts as on the boundary (fixed, left out of the Hessian) within 1e-3 of zero, as in clmm. */
    private boolean[] free(double[] natural) {
        boolean[] free = new boolean[natural.length];
        java.util.Arrays.fill(free, true);
        for (int j = k + p; j < natural.length; j++) {
            free[j] = natural[j] >= BOUNDARY;
        }
        return free;
    }

    /** Newton steps on the free parameters with step halving, until a step moves no parameter by 1e-9. */
    private double[] polish(double[] natural) {
        double[] x = natural.clone();
        double fx = objective(x);
        for (int it = 0; it < MAX_POLISH; it++) {
            boolean[] free = free(x);
            Derivatives d = derivatives(x, free, fx);
            double[][] h = d.hessian();
            double[] g = d.gradient();
            double[] step;
            try {
                DecompositionSolver solver = new LUDecomposition(new Array2DRowRealMatrix(h)).getSolver();
                step = solver.solve(new ArrayRealVector(g)).toArray();
            } catch (RuntimeException singular) {
                return x;
            }
            double factor = 1;
            boolean moved = false;
            double largest = 0;
            for (int half = 0; half < 20 && !moved; half++, factor /= 2) {
                double[] y = x.clone();
                int s = 0;
                largest = 0;
                for (int j = 0; j < x.length; j++) {
                    if (free[j]) {
                        y[j] -= factor * step[s];
                        largest = Math.max(largest, Math.abs(factor * step[s]));
                        s++;
                    }
                }
                for (int j = k + p; j < y.length; j++) {
                    y[j] = Math.max(0, y[j]);
                }
                double fy = objective(y);
                if (fy <= fx) {
                    x = y;
                    fx = fy;
                    moved = true;
                }
            }
            if (!moved || largest < 1e-9) {
                break;
            }
        }
        return x;
    }

    private double shifted(double[] x, int i, double di, int j, double dj) {
        double[] y = x.clone();
        y[i] += di;
        y[j] += dj;
        return objective(y);
    }

    /** The central-difference gradient and Hessian of −logLik over the free parameters. */
    private record Derivatives(double[] gradient, double[][] hessian) {}

    /**
     * Gradient and Hessian from one set of evaluations: the diagonal's f(x ± δ) give the gradient too, and
     * {@code f0} is f(x), already known to the caller.
     */
    private Derivatives derivatives(double[] x, boolean[] free, double f0) {
        List<Integer> idx = indices(free);
        int m = idx.size();
        double[] g = new double[m];
        double[][] h = new double[m][m];
        for (int a = 0; a < m; a++) {
            int i = idx.get(a);
            double up = shifted(x, i, STEP, i, 0);
            double down = shifted(x, i, -STEP, i, 0);
            g[a] = (up - down) / (2 * STEP);
            h[a][a] = (up - 2 * f0 + down) / (STEP * STEP);
            for (int b = 0; b < a; b++) {
                int j = idx.get(b);
                double v = (shifted(x, i, STEP, j, STEP) - shifted(x, i, STEP, j, -STEP)
                        - shifted(x, i, -STEP, j, STEP) + shifted(x, i, -STEP, j, -STEP)) / (4 * STEP * STEP);
                h[a][b] = v;
                h[b][a] = v;
            }
        }
        return new Derivatives(g, h);
    }

    private static List<Integer> indices(boolean[] free) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < free.length; i++) {
            if (free[i]) {
                idx.add(i);
            }
        }
        return idx;
    }

    /** sqrt(diag(H⁻¹)) mapped back to all parameters (NaN for parameters left out or a singular Hessian). */
    private static double[] standardErrors(double[][] h, boolean[] free) {
        double[] se = new double[free.length];
        java.util.Arrays.fill(se, Double.NaN);
        RealMatrix inverse;
        try {
            inverse = new LUDecomposition(new Array2DRowRealMatrix(h)).getSolver().getInverse();
        } catch (RuntimeException singular) {
            return se;
        }
        int a = 0;
        for (int i = 0; i < free.length; i++) {
            if (free[i]) {
                double v = inverse.getEntry(a, a);
                se[i] = v > 0 ? Math.sqrt(v) : Double.NaN;
                a++;
            }
        }
        return se;
    }
}
