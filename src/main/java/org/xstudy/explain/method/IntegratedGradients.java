package org.xstudy.explain.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Gradient;

/**
 * Integrated Gradients: {@code (x − x') · ∫₀¹ ∂F(x' + α(x − x'))/∂x dα}. The integral is taken by Gauss–Legendre
 * quadrature over {@code steps} nodes (the default, rule {@code gauss-legendre}), or by the trapezoid rule over
 * {@code steps} intervals (rule {@code trapezoid}, {@code steps + 1} points, as Captum's {@code riemann_trapezoid}).
 * Gauss–Legendre is exact for polynomials of degree {@code 2·steps − 1} along the path, so it reaches the
 * trapezoid's accuracy with far fewer model evaluations. All points of the path (of every input, when SmoothGrad
 * passes several) and the two end points go to the model in one batched {@code gradients} call; the end points give
 * F(x) and F(x') for the convergence delta {@code |Σ attributions − (F(x) − F(x'))|} (completeness axiom).
 * Baseline {@code model} is the model's own reference input (e.g. padding embeddings), {@code zero} the all-zero
 * embedding.
 *
 * <p>Sundararajan, Taly and Yan, "Axiomatic Attribution for Deep Networks", ICML 2017.
 */
public class IntegratedGradients extends GradientMethod {

    public static final int MAX_STEPS = 300;
    public static final String GAUSS_LEGENDRE = "gauss-legendre";
    public static final String TRAPEZOID = "trapezoid";
    /** Nodes of the default Gauss–Legendre rule (see docs/performance.md for the measurement behind it). */
    public static final int DEFAULT_STEPS = 16;

    public IntegratedGradients() {
        super("integrated_gradients", "Integrated Gradients",
                "Sundararajan, Taly, Yan. Axiomatic Attribution for Deep Networks. ICML 2017.", false);
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("steps", DEFAULT_STEPS, 1, MAX_STEPS,
                        "Nodes of the Gauss-Legendre rule, or intervals of the trapezoid rule, along the path."),
                ParamSpec.choice("rule", GAUSS_LEGENDRE, List.of(GAUSS_LEGENDRE, TRAPEZOID),
                        "The quadrature: Gauss-Legendre (fewer model evaluations for the same accuracy) or the "
                        + "trapezoid rule."),
                ParamSpec.choice("baseline", "model", List.of("model", "zero"),
                        "The reference input: the model's own (e.g. padding embeddings) or all zeros."));
    }

    /** Path positions α and their weights; the path's end points are evaluated besides, for F(x) and F(x'). */
    record Quadrature(double[] alphas, double[] weights) {

        static Quadrature of(String rule, int steps) {
            if (TRAPEZOID.equals(rule)) {
                double[] a = new double[steps + 1];
                double[] w = new double[steps + 1];
                for (int k = 0; k <= steps; k++) {
                    a[k] = (double) k / steps;
                    w[k] = (k == 0 || k == steps ? 0.5 : 1.0) / steps;
                }
                return new Quadrature(a, w);
            }
            GaussLegendre.Rule r = GaussLegendre.rule(steps);
            return new Quadrature(r.nodes(), r.weights());
        }

        /** Whether the rule's own points include both end points (then no extra evaluation is needed). */
        boolean hasEnds() {
            return alphas[0] == 0 && alphas[alphas.length - 1] == 1;
        }

        /** Points evaluated per input: the rule's, and the end points if the rule lacks them. */
        int points() {
            return alphas.length + (hasEnds() ? 0 : 2);
        }
    }

    @Override
    public List<PieceAttribution> attributeAll(DifferentiableClassifier model, Encoding encoding,
            List<double[][]> inputs, int target, Params params) {
        Quadrature q = Quadrature.of(params.getString("rule"), params.getInt("steps"));
        boolean zero = "zero".equals(params.getString("baseline"));
        double[][] base = zero ? null : model.baseline(encoding);
        List<double[][]> bases = new ArrayList<>(inputs.size());
        int points = q.points();
        List<double[][]> path = new ArrayList<>(inputs.size() * points);
        for (double[][] input : inputs) {
            double[][] b = zero ? new double[input.length][input.length == 0 ? 0 : input[0].length] : base;
            bases.add(b);
            for (double alpha : q.alphas()) {
                path.add(interpolate(b, input, alpha));
            }
            if (!q.hasEnds()) {
                path.add(b);
                path.add(input);
            }
        }
        List<Gradient> grads = model.gradients(encoding, path, target);
        List<PieceAttribution> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            out.add(integrate(inputs.get(i), bases.get(i), grads.subList(i * points, (i + 1) * points), q));
        }
        return out;
    }

    private static PieceAttribution integrate(double[][] input, double[][] base, List<Gradient> grads,
            Quadrature q) {
        int n = q.alphas().length;
        double[] w = q.weights();
        double[][] attr = new double[input.length][];
        for (int p = 0; p < input.length; p++) {
            attr[p] = new double[input[p].length];
            for (int d = 0; d < input[p].length; d++) {
                double integral = 0;
                for (int k = 0; k < n; k++) {
                    integral += w[k] * grads.get(k).grad()[p][d];
                }
                attr[p][d] = (input[p][d] - base[p][d]) * integral;
            }
        }
        double fx = q.hasEnds() ? grads.get(n - 1).output() : grads.get(n + 1).output();
        double fb = q.hasEnds() ? grads.get(0).output() : grads.get(n).output();
        Map<String, Double> diag = new LinkedHashMap<>();
        diag.put("convergenceDelta", convergenceDelta(sum(attr), fx, fb));
        diag.put("outputAtInput", fx);
        diag.put("outputAtBaseline", fb);
        return new PieceAttribution(attr, diag);
    }

    private static double[][] interpolate(double[][] from, double[][] to, double alpha) {
        double[][] out = new double[to.length][];
        for (int p = 0; p < to.length; p++) {
            out[p] = new double[to[p].length];
            for (int d = 0; d < to[p].length; d++) {
                out[p][d] = from[p][d] + alpha * (to[p][d] - from[p][d]);
            }
        }
        return out;
    }
}
