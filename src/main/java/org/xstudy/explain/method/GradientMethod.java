package org.xstudy.explain.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Gradient;
import org.xstudy.model.TextClassifier;

/**
 * The gradient family: methods that attribute the target logit F to the input embeddings of each subword piece.
 * A piece's score is the sum of its attribution over the embedding dimensions, and a word's score is the sum of
 * its pieces' scores. Shared here: the model check, that aggregation, and the completeness (convergence) delta.
 */
public abstract class GradientMethod extends BaseMethod {

    /** Per-piece, per-dimension attributions {@code [pieces][dim]} and the method's diagnostics. */
    public record PieceAttribution(double[][] values, Map<String, Double> diagnostics) {

        /** The score of each piece: its attribution summed over the embedding dimensions. */
        public double[] pieceScores() {
            double[] out = new double[values.length];
            for (int p = 0; p < values.length; p++) {
                for (double v : values[p]) {
                    out[p] += v;
                }
            }
            return out;
        }
    }

    GradientMethod(String id, String title, String paper, boolean sampled) {
        super(id, title, paper, sampled);
    }

    @Override
    public final boolean needsGradients() {
        return true;
    }

    @Override
    public Attribution attribute(TextClassifier model, String text, int target, Params params) {
        DifferentiableClassifier m = differentiable(model, id());
        Encoding encoding = m.encode(text);
        PieceAttribution pa = attributePieces(m, encoding, m.embeddings(encoding), target, params);
        return new Attribution(WordAggregation.toWords(encoding, pa.pieceScores()), params, pa.diagnostics());
    }

    /** Attributes F at {@code input} (the encoding's embeddings, or a perturbed copy) to its elements. */
    public final PieceAttribution attributePieces(DifferentiableClassifier model, Encoding encoding,
            double[][] input, int target, Params params) {
        return attributeAll(model, encoding, Collections.singletonList(input), target, params).get(0);
    }

    /**
     * Attributes F at each of several inputs of the same encoding (as SmoothGrad's noisy copies), with all the
     * gradients the method needs for all of them in one batched {@code gradients} call.
     */
    public abstract List<PieceAttribution> attributeAll(DifferentiableClassifier model, Encoding encoding,
            List<double[][]> inputs, int target, Params params);

    /** The model as a differentiable one, or an exception saying the method needs gradients. */
    public static DifferentiableClassifier differentiable(TextClassifier model, String method) {
        if (model instanceof DifferentiableClassifier d) {
            return d;
        }
        throw new UnsupportedModelException("Method " + method + " needs gradients, and model " + model.id()
                + " does not provide them; use a model-agnostic method (occlusion, lime, kernel_shap).");
    }

    /** Completeness: {@code |Σ attributions − (F(x) − F(baseline))|}. */
    public static double convergenceDelta(double attributionSum, double outputAtInput, double outputAtBaseline) {
        return Math.abs(attributionSum - (outputAtInput - outputAtBaseline));
    }

    static double sum(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v;
            }
        }
        return s;
    }

    /** Applies {@code perInput} to each input and its gradient, from one batched {@code gradients} call. */
    static List<PieceAttribution> fromGradients(DifferentiableClassifier model, Encoding encoding,
            List<double[][]> inputs, int target, BiFunction<double[][], double[][], double[][]> perInput) {
        List<Gradient> grads = model.gradients(encoding, inputs, target);
        List<PieceAttribution> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            out.add(new PieceAttribution(perInput.apply(inputs.get(i), grads.get(i).grad()), Map.of()));
        }
        return out;
    }
}
