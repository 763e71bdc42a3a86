package org.xstudy.explain.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;

/**
 * SmoothGrad, a wrapper over any gradient method: the average of the inner method's attributions over
 * {@code samples} copies of the input embeddings with Gaussian noise of standard deviation
 * {@code sigma × (max − min)} of the input's embedding values. It takes the inner method's parameters too. All
 * noisy copies go to the inner method together, which sends them to the model in one batched call.
 *
 * <p>Smilkov, Thorat, Kim, Viégas and Wattenberg, "SmoothGrad: removing noise by adding noise", ICML Workshop on
 * Visualization for Deep Learning, 2017.
 */
public class SmoothGrad extends GradientMethod {

    public static final int MAX_SAMPLES = 200;

    private final Map<String, GradientMethod> bases = new LinkedHashMap<>();

    public SmoothGrad(List<GradientMethod> bases) {
        super("smoothgrad", "SmoothGrad",
                "Smilkov, Thorat, Kim, Viégas, Wattenberg. SmoothGrad: removing noise by adding noise. "
                + "ICML Workshop on Visualization for Deep Learning, 2017.", true);
        bases.forEach(b -> this.bases.put(b.id(), b));
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.choice("base", "saliency", List.copyOf(bases.keySet()), "The gradient method to smooth."),
                ParamSpec.integer("samples", 20, 1, MAX_SAMPLES, "Noisy copies averaged."),
                ParamSpec.number("sigma", 0.15, 0, 1,
                        "Noise standard deviation as a fraction of the input embeddings' value range."),
                ParamSpec.seed());
    }

    @Override
    public Params resolve(Map<String, ?> given) {
        Object b = given == null ? null : given.get("base");
        GradientMethod base = b == null ? bases.get("saliency") : bases.get(b instanceof String s ? s : "");
        if (base == null) {
            throw new InvalidParamException("base", "base must be one of " + bases.keySet() + ".");
        }
        List<ParamSpec> specs = new ArrayList<>(params());
        specs.addAll(base.params());
        return Params.resolve(specs, given);
    }

    /** Signed exactly when its base method is: the mean of magnitudes is a magnitude. */
    @Override
    public boolean signed(Params params) {
        return bases.get(params.getString("base")).signed(params);
    }

    @Override
    public List<PieceAttribution> attributeAll(DifferentiableClassifier model, Encoding encoding,
            List<double[][]> inputs, int target, Params params) {
        GradientMethod base = bases.get(params.getString("base"));
        int samples = params.getInt("samples");
        List<double[][]> noisy = new ArrayList<>(inputs.size() * samples);
        for (double[][] input : inputs) {
            Random random = new Random(params.getLong("seed"));
            double std = params.getDouble("sigma") * range(input);
            for (int s = 0; s < samples; s++) {
                double[][] copy = new double[input.length][];
                for (int p = 0; p < input.length; p++) {
                    copy[p] = new double[input[p].length];
                    for (int d = 0; d < input[p].length; d++) {
                        copy[p][d] = input[p][d] + std * random.nextGaussian();
                    }
                }
                noisy.add(copy);
            }
        }
        List<PieceAttribution> all = base.attributeAll(model, encoding, noisy, target, params);
        List<PieceAttribution> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            out.add(average(inputs.get(i), all.subList(i * samples, (i + 1) * samples)));
        }
        return out;
    }

    private static PieceAttribution average(double[][] input, List<PieceAttribution> samples) {
        double[][] mean = new double[input.length][];
        for (int p = 0; p < input.length; p++) {
            mean[p] = new double[input[p].length];
        }
        Map<String, Double> diag = new LinkedHashMap<>();
        int n = samples.size();
        for (PieceAttribution one : samples) {
            for (int p = 0; p < input.length; p++) {
                for (int d = 0; d < input[p].length; d++) {
                    mean[p][d] += one.values()[p][d] / n;
                }
            }
            one.diagnostics().forEach((k, v) -> diag.merge("mean" + Character.toUpperCase(k.charAt(0))
                    + k.substring(1), v / n, Double::sum));
        }
        return new PieceAttribution(mean, diag);
    }

    private static double range(double[][] x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : x) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max > min ? max - min : 0;
    }
}
