package org.xstudy.explain.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Gradient;

/**
 * Integrated Gradients: {@code (x − x') · ∫₀¹ ∂F(x' + α(x − x'))/∂x dα}, the integral taken by the trapezoid rule
 * over {@code steps} intervals. All {@code steps + 1} points of the path (of every input, when SmoothGrad passes
 * several) go to the model in one batched {@code gradients} call; its end points give F(x) and F(x') for the
 * convergence delta
 * {@code |Σ attributions − (F(x) − F(x'))|} (completeness axiom). Baseline {@code model} is the model's own
 * reference input (e.g. padding embeddings), {@code zero} the all-zero embedding.
 *
 * <p>Sundararajan, Taly and Yan, "Axiomatic Attribution for Deep Networks", ICML 2017.
 */
public class IntegratedGradients extends GradientMethod {

    public static final int MAX_STEPS = 300;

    public IntegratedGradients() {
        super("integrated_gradients", "Integrated Gradients",
                "Sundararajan, Taly, Yan. Axiomatic Attribution for Deep Networks. ICML 2017.", false);
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("steps", 50, 1, MAX_STEPS, "Intervals of the trapezoid rule along the path."),
                ParamSpec.choice("baseline", "model", List.of("model", "zero"),
                        "The reference input: the model's own (e.g. padding embeddings) or all zeros."));
    }

    @Override
    public List<PieceAttribution> attributeAll(DifferentiableClassifier model, Encoding encoding,
            List<double[][]> inputs, int target, Params params) {
        int steps = params.getInt("steps");
        boolean zero = "zero".equals(params.getString("baseline"));
        double[][] base = zero ? null : model.baseline(encoding);
        List<double[][]> bases = new ArrayList<>(inputs.size());
        List<double[][]> path = new ArrayList<>(inputs.size() * (steps + 1));
        for (double[][] input : inputs) {
            double[][] b = zero ? new double[input.length][input.length == 0 ? 0 : input[0].length] : base;
            bases.add(b);
            for (int k = 0; k <= steps; k++) {
                path.add(interpolate(b, input, (double) k / steps));
            }
        }
        List<Gradient> grads = model.gradients(encoding, path, target);
        List<PieceAttribution> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            out.add(integrate(inputs.get(i), bases.get(i), grads.subList(i * (steps + 1), (i + 1) * (steps + 1)),
                    steps));
        }
        return out;
    }

    private static PieceAttribution integrate(double[][] input, double[][] base, List<Gradient> grads, int steps) {
        double[][] attr = new double[input.length][];
        for (int p = 0; p < input.length; p++) {
            attr[p] = new double[input[p].length];
            for (int d = 0; d < input[p].length; d++) {
                double integral = 0;
                for (int k = 0; k <= steps; k++) {
                    double w = (k == 0 || k == steps) ? 0.5 : 1.0;
                    integral += w * grads.get(k).grad()[p][d];
                }
                attr[p][d] = (input[p][d] - base[p][d]) * integral / steps;
            }
        }
        double fx = grads.get(steps).output();
        double fb = grads.get(0).output();
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
