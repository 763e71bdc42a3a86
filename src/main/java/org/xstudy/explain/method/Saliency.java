package org.xstudy.explain.method;

import java.util.List;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;

/**
 * Saliency: the gradient of the target logit with respect to the input embeddings. With {@code absolute=true}
 * (the default, as in the paper) a piece scores {@code Σ_d |∂F/∂e_d|}, a magnitude without direction; with
 * {@code absolute=false} it scores the signed sum {@code Σ_d ∂F/∂e_d}.
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
        return List.of(ParamSpec.bool("absolute", true,
                "Score the magnitude |dF/de| (true) or the signed gradient (false)."));
    }

    @Override
    public List<PieceAttribution> attributeAll(DifferentiableClassifier model, Encoding encoding,
            List<double[][]> inputs, int target, Params params) {
        boolean abs = params.getBoolean("absolute");
        return fromGradients(model, encoding, inputs, target, (input, g) -> {
            double[][] out = new double[g.length][];
            for (int p = 0; p < g.length; p++) {
                out[p] = g[p].clone();
                if (abs) {
                    for (int d = 0; d < out[p].length; d++) {
                        out[p][d] = Math.abs(out[p][d]);
                    }
                }
            }
            return out;
        });
    }
}
