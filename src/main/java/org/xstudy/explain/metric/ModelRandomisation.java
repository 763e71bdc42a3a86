package org.xstudy.explain.metric;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.Params;
import org.xstudy.model.RandomisableModel;
import org.xstudy.model.TextClassifier;

/**
 * The model-randomisation sanity check (Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim. "Sanity Checks for
 * Saliency Maps", NeurIPS 2018): the model's layers are re-initialised at random from the output down (cascading),
 * the method explains the same text and target on each randomised model, and the Spearman correlation with the
 * original word scores is reported per step. A method that explains the model decorrelates as layers are
 * randomised; one that stays correlated reflects the input, not the model. The {@code score} is
 * {@code 1 - |rho|} after the whole cascade: 1 passes, 0 fails.
 *
 * @param steps one per randomised layer, top first
 * @param score {@code 1 - |rho|} of the fully randomised model, null if the correlation is undefined
 */
public record ModelRandomisation(List<Step> steps, Double score) {

    /** The correlation after randomising every layer down to and including {@code layer}. */
    public record Step(String layer, Double spearman) {}

    public static ModelRandomisation of(AttributionMethod method, RandomisableModel model, String text, int target,
            Params params, double[] original, long seed) {
        List<Step> steps = new ArrayList<>();
        List<String> layers = model.layersTopDown();
        for (int n = 1; n <= layers.size(); n++) {
            TextClassifier randomised = model.randomised(n, seed);
            try {
                double[] scores = method.attribute(randomised, text, target, params).scores();
                steps.add(new Step(layers.get(n - 1), Agreement.of(original, scores).spearman()));
            } finally {
                if (randomised instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // a randomised copy that cannot be closed holds only memory
                    }
                }
            }
        }
        Double last = steps.isEmpty() ? null : steps.get(steps.size() - 1).spearman();
        return new ModelRandomisation(steps, last == null ? null : 1 - Math.abs(last));
    }
}
