package org.xstudy.analysis.mixed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.xstudy.analysis.stats.DenseCholesky;

/**
 * Fits {@code y ~ X + (1|participant) + (1|item)} with a logit link by minimising the Laplace deviance
 * ({@link LaplaceDeviance}) over θ ≥ 0 and β with BOBYQA (Powell 2009), as {@code lme4::glmer} with its default
 * {@code nAGQ = 1}. The optimum is a property of the deviance, so any optimiser that converges finds the same one;
 * BOBYQA starts from the plain logistic regression and θ = (1, 1) and stops at a trust-region radius of 1e-8.
 * Standard errors are those {@code summary(glmer)} prints: the β block of 2·H⁻¹, H the central-difference
 * Hessian of the deviance over (θ, β) with step 1e-4 ({@code lme4:::deriv12}).
 */
public final class GlmmFitter {

    /** lme4's {@code isSingular} tolerance on θ. */
    public static final double SINGULAR_TOLERANCE = 1e-4;
    private static final double HESSIAN_STEP = 1e-4;
    private static final NormalDistribution NORMAL = new NormalDistribution();

    private GlmmFitter() {
    }

    /**
     * How closely to fit: lme4's answer ({@link #EXACT}), or a quicker fit for power simulations
     * ({@link #QUICK}: BOBYQA stopped at a radius of 1e-5, standard errors from the fixed effects' information, as
     * {@code vcov(fit, use.hessian = FALSE)}, without the finite-difference Hessian).
     */
    public record Precision(double stoppingRadius, boolean hessian) {
    }

    /** Deviance evaluations the optimiser may use before the fit is given up as not converging. */
    static final int MAX_EVALUATIONS = 20_000;

    public static final Precision EXACT = new Precision(1e-8, true);
    public static final Precision QUICK = new Precision(1e-5, false);

    public static GlmmFit fit(GlmmData data, String formula, double confidence) {
        return fit(data, formula, confidence, EXACT);
    }

    public static GlmmFit fit(GlmmData data, String formula, double confidence, Precision precision) {
        int p = data.fixed();
        LaplaceDeviance dev = new LaplaceDeviance(data);
        double[] start = new double[p + 2];
        start[0] = 1;
        start[1] = 1;
        System.arraycopy(LogisticRegression.fit(data), 0, start, 2, p);
        double[] lower = new double[p + 2];
        double[] upper = new double[p + 2];
        Arrays.fill(lower, Double.NEGATIVE_INFINITY);
        Arrays.fill(upper, Double.POSITIVE_INFINITY);
        lower[0] = 0;
        lower[1] = 0;
        ObjectiveFunction objective = new ObjectiveFunction(x -> evaluate(dev, x));
        BOBYQAOptimizer bobyqa = new BOBYQAOptimizer(2 * (p + 2) + 1, 0.2, precision.stoppingRadius());
        PointValuePair best;
        try {
            best = bobyqa.optimize(new MaxEval(MAX_EVALUATIONS), objective, GoalType.MINIMIZE,
                    new InitialGuess(start), new SimpleBounds(lower, upper));
        } catch (MathIllegalStateException e) {
            // the evaluation limit: the estimates run off to infinity, as with complete separation
            throw new ArithmeticException("no optimum within " + MAX_EVALUATIONS + " evaluations; this happens when "
                    + "a condition's answers are all correct or all wrong (complete separation)");
        }
        double[] x = best.getPoint();
        double deviance = evaluate(dev, x);
        double[][] vcov = precision.hessian() ? covariance(dev, x, deviance)
                : new DenseCholesky(dev.fixedInformation(x[0], x[1])).inverse();
        double z = NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        List<GlmmFit.FixedEffect> fixed = new ArrayList<>();
        for (int c = 0; c < p; c++) {
            double b = x[c + 2];
            double se = Math.sqrt(vcov[c][c]);
            double lo = b - z * se;
            double hi = b + z * se;
            fixed.add(new GlmmFit.FixedEffect(data.fixedNames().get(c), b, se, b / se,
                    2 * NORMAL.cumulativeProbability(-Math.abs(b / se)), lo, hi, Math.exp(b), Math.exp(lo),
                    Math.exp(hi)));
        }
        List<GlmmFit.RandomEffect> random = List.of(
                new GlmmFit.RandomEffect("participant", data.participants().size(), x[0], x[0] * x[0]),
                new GlmmFit.RandomEffect("item", data.items().size(), x[1], x[1] * x[1]));
        int k = p + 2;
        return new GlmmFit(formula, data.rows(), fixed, random, -deviance / 2, deviance + 2 * k,
                deviance + Math.log(data.rows()) * k, deviance, k,
                x[0] < SINGULAR_TOLERANCE || x[1] < SINGULAR_TOLERANCE, confidence, dev.evaluations());
    }

    /**
     * The fixed effects' covariance as lme4's {@code vcov}: the β block of 2·H⁻¹ from the finite-difference
     * Hessian H over (θ, β), unless H is not finite or that block is not positive definite, then the inverse of the
     * fixed effects' information at the optimum (lme4's RX). Like glmer, which calls {@code deriv12} without bounds,
     * the differences step across θ = 0 when θ is on (or within a step of) the boundary: the deviance is even in each
     * θ, so a singular fit still gets the Hessian's standard errors, as in lme4.
     */
    private static double[][] covariance(LaplaceDeviance dev, double[] x, double deviance) {
        FiniteDifferences.Derivatives d = FiniteDifferences.at(v -> evaluate(dev, v), x, deviance, HESSIAN_STEP);
        int p = x.length - 2;
        if (d.finite()) {
            try {
                double[][] inv = new LUDecomposition(new Array2DRowRealMatrix(d.hessian())).getSolver().getInverse()
                        .getData();
                double[][] v = new double[p][p];
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        v[i][j] = inv[i + 2][j + 2] + inv[j + 2][i + 2];
                    }
                }
                new DenseCholesky(copy(v));
                evaluate(dev, x);
                return v;
            } catch (MathIllegalArgumentException | ArithmeticException notPositiveDefinite) {
                // fall through to the information of the fixed effects, as lme4 does
            }
        }
        evaluate(dev, x);
        return new DenseCholesky(dev.fixedInformation(x[0], x[1])).inverse();
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    private static double evaluate(LaplaceDeviance dev, double[] x) {
        return dev.deviance(x[0], x[1], Arrays.copyOfRange(x, 2, x.length));
    }
}
