package org.xstudy.explain.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.PathGradients;

/**
 * Integrated Gradients: {@code (x − x') · ∫₀¹ ∂F(x' + α(x − x'))/∂x dα}. The integral is taken by one of three rules:
 * {@code trapezoid} (the default): {@code steps} equal intervals, {@code steps + 1} points, as Captum's
 * {@code riemann_trapezoid}; {@code gauss-legendre}: {@code steps} nodes, exact for polynomials of degree
 * {@code 2·steps − 1} along the path (so best on smooth models, not on ReLU networks, whose path derivative jumps);
 * {@code adaptive}
 * ({@link AdaptivePath}): the trapezoid rule on {@code steps} equal panels, refined where the exactly known local
 * completeness gap is largest until the local gaps add up to at most {@code tolerance} (in units of the target
 * logit). All points of a round (of every input, when SmoothGrad passes several) go to the model in one batched
 * {@code gradients} call, which also gives F(x) and F(x') for the convergence delta
 * {@code |Σ attributions − (F(x) − F(x'))|} (completeness axiom). Baseline {@code model} is the model's own
 * reference input (e.g. padding embeddings), {@code zero} the all-zero embedding.
 *
 * <p>Sundararajan, Taly and Yan, "Axiomatic Attribution for Deep Networks", ICML 2017.
 */
public class IntegratedGradients extends GradientMethod {

    public static final int MAX_STEPS = 300;
    public static final String ADAPTIVE = "adaptive";
    public static final String GAUSS_LEGENDRE = "gauss-legendre";
    public static final String TRAPEZOID = "trapezoid";
    /**
     * Intervals of the default trapezoid rule (Captum's default too). Gauss–Legendre with 16 nodes is faster, but on
     * ReLU networks its word scores are about 3× further from the exact integral (docs/performance.md), so it is
     * opt-in.
     */
    public static final int DEFAULT_STEPS = 50;
    /** The default completeness gap the adaptive rule refines to, in units of the target logit. */
    public static final double DEFAULT_TOLERANCE = 0.002;

    public IntegratedGradients() {
        super("integrated_gradients", "Integrated Gradients",
                "Sundararajan, Taly, Yan. Axiomatic Attribution for Deep Networks. ICML 2017.", false);
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("steps", DEFAULT_STEPS, 1, MAX_STEPS,
                        "Nodes of the Gauss-Legendre rule, intervals of the trapezoid rule, or starting intervals of "
                        + "the adaptive rule, along the path."),
                ParamSpec.choice("rule", TRAPEZOID, List.of(TRAPEZOID, GAUSS_LEGENDRE, ADAPTIVE),
                        "The quadrature: the trapezoid rule, Gauss-Legendre (fewest model evaluations; exact on "
                        + "smooth models, less accurate on ReLU networks), or adaptive (trapezoid panels refined "
                        + "until the completeness gap is within the tolerance)."),
                ParamSpec.number("tolerance", DEFAULT_TOLERANCE, 1e-4, 1,
                        "Adaptive rule only: the completeness gap to reach, in units of the target logit (at most "
                        + (MAX_STEPS + 1) + " path points are evaluated)."),
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

        /**
         * The rule with the path's end points first and last (weight 0 when the rule's own points lack them), so
         * that F(x') and F(x) come from the same call.
         */
        Quadrature withEnds() {
            if (alphas[0] == 0 && alphas[alphas.length - 1] == 1) {
                return this;
            }
            int n = alphas.length;
            double[] a = new double[n + 2];
            double[] w = new double[n + 2];
            System.arraycopy(alphas, 0, a, 1, n);
            System.arraycopy(weights, 0, w, 1, n);
            a[n + 1] = 1;
            return new Quadrature(a, w);
        }
    }

    @Override
    public List<PieceAttribution> attributeAll(DifferentiableClassifier model, Encoding encoding,
            List<double[][]> inputs, int target, Params params) {
        boolean zero = "zero".equals(params.getString("baseline"));
        double[][] base = zero ? null : model.baseline(encoding);
        List<double[][]> bases = new ArrayList<>(inputs.size());
        for (double[][] input : inputs) {
            bases.add(zero ? new double[input.length][input.length == 0 ? 0 : input[0].length] : base);
        }
        if (ADAPTIVE.equals(params.getString("rule"))) {
            return adaptive(model, encoding, inputs, bases, target, params);
        }
        Quadrature q = Quadrature.of(params.getString("rule"), params.getInt("steps")).withEnds();
        List<PathGradients> paths = model.pathGradients(encoding, inputs, bases, q.alphas(), q.weights(), target);
        List<PieceAttribution> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            out.add(integrate(inputs.get(i), bases.get(i), paths.get(i)));
        }
        return out;
    }

    private static List<PieceAttribution> adaptive(DifferentiableClassifier model, Encoding encoding,
            List<double[][]> inputs, List<double[][]> bases, int target, Params params) {
        List<AdaptivePath> paths = AdaptivePath.integrate(inputs, bases, params.getInt("steps"),
                params.getDouble("tolerance"), MAX_STEPS + 1, batch -> model.gradients(encoding, batch, target));
        List<PieceAttribution> out = new ArrayList<>(paths.size());
        for (AdaptivePath path : paths) {
            double[][] attr = path.attribution();
            Map<String, Double> diag = new LinkedHashMap<>();
            diag.put("convergenceDelta", convergenceDelta(sum(attr), path.outputAtInput(), path.outputAtBaseline()));
            diag.put("outputAtInput", path.outputAtInput());
            diag.put("outputAtBaseline", path.outputAtBaseline());
            diag.put("pathPoints", (double) path.pointCount());
            diag.put("rounds", (double) path.rounds());
            out.add(new PieceAttribution(attr, diag));
        }
        return out;
    }

    private static PieceAttribution integrate(double[][] input, double[][] base, PathGradients path) {
        double[][] attr = new double[input.length][];
        double[][] integral = path.weightedSum();
        for (int p = 0; p < input.length; p++) {
            attr[p] = new double[input[p].length];
            for (int d = 0; d < input[p].length; d++) {
                attr[p][d] = (input[p][d] - base[p][d]) * integral[p][d];
            }
        }
        double[] outputs = path.outputs();
        double fx = outputs[outputs.length - 1];
        double fb = outputs[0];
        Map<String, Double> diag = new LinkedHashMap<>();
        diag.put("convergenceDelta", convergenceDelta(sum(attr), fx, fb));
        diag.put("outputAtInput", fx);
        diag.put("outputAtBaseline", fb);
        return new PieceAttribution(attr, diag);
    }
}
