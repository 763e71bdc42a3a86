package org.xstudy.explain.method;

import java.util.List;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;

/**
 * Saliency: the gradient of the target logit with respect to the input embeddings; a piece scores
 * {@code Σ_d |∂F/∂e_d|}, a magnitude without direction, as in the paper. It is offered only so: the signed sum
 * {@code Σ_d ∂F/∂e_d} is the derivative along the all-ones direction of the embedding space, which says nothing
 * about the word and gives every word of a sentence the same sign on the demo CNN (docs/methods.md); gradient × input
 * is the signed gradient method. {@code absolute=false} is refused.
 *
 * <p>Simonyan, Vedaldi and Zisserman, "Deep Inside Convolutional Networks: Visualising Image Classification Models
 * and Saliency Maps", ICLR Workshop 2014.
 */
public class Saliency extends GradientMethod {

    public Saliency() {
        super("saliency", "Saliency (gradient)",
                "Simonyan, Vedaldi, Zisserman. Deep Inside Convolutional Networks: Visualising Image Classification "
                + "Models and Saliency Maps. ICLR Workshop 2014.", false);
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.onlyTrue("absolute",
                "Score the magnitude |dF/de|. false (the signed sum over embedding dimensions) is refused: its sign "
                + "says nothing about the word; use gradient_x_input for signed scores."));
    }

    /** Magnitudes: no direction. */
    @Override
    public boolean signed(Params params) {
        return false;
    }

    @Override
    public List<PieceAttribution> attributeAll(DifferentiableClassifier model, Encoding encoding,
            List<double[][]> inputs, int target, Params params) {
        return fromGradients(model, encoding, inputs, target, (input, g) -> {
            double[][] out = new double[g.length][];
            for (int p = 0; p < g.length; p++) {
                out[p] = new double[g[p].length];
                for (int d = 0; d < g[p].length; d++) {
                    out[p][d] = Math.abs(g[p][d]);
                }
            }
            return out;
        });
    }
}
