package org.xstudy.explain.method;

import java.util.List;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;

/**
 * Gradient × Input: each embedding element times the gradient of the target logit with respect to it; a piece
 * scores {@code Σ_d e_d ∂F/∂e_d}. It is Integrated Gradients with a single step from a zero baseline.
 *
 * <p>Shrikumar, Greenside, Shcherbina and Kundaje, "Not Just a Black Box: Learning Important Features Through
 * Propagating Activation Differences", arXiv:1605.01713, 2016.
 */
public class GradientTimesInput extends GradientMethod {

    public GradientTimesInput() {
        super("gradient_x_input", "Gradient × Input",
                "Shrikumar, Greenside, Shcherbina, Kundaje. Not Just a Black Box: Learning Important Features Through "
                + "Propagating Activation Differences. arXiv:1605.01713, 2016.", false);
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    @Override
    public List<PieceAttribution> attributeAll(DifferentiableClassifier model, Encoding encoding,
            List<double[][]> inputs, int target, Params params) {
        return fromGradients(model, encoding, inputs, target, (input, g) -> {
            double[][] out = new double[g.length][];
            for (int p = 0; p < g.length; p++) {
                out[p] = new double[g[p].length];
                for (int d = 0; d < g[p].length; d++) {
                    out[p][d] = g[p][d] * input[p][d];
                }
            }
            return out;
        });
    }
}
