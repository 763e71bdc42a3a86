package org.xstudy.explain.metric;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.Params;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.RandomisableModel;
import org.xstudy.model.TextClassifier;

/**
 * The model-randomisation sanity check (Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim. "Sanity Checks for
 * Saliency Maps", NeurIPS 2018, §3, cascading randomisation): the model's layers are re-initialised at random from
 * the output down, on a copy of the model, the method explains the same text and target on each randomised model,
 * and the Spearman correlations of the signed and of the absolute word scores with the original ones are reported
 * per step, as the paper does. A method that explains the model decorrelates as layers are randomised; one that
 * stays correlated reflects the input, not the model. The {@code score} is {@code 1 - |rho|} of the signed scores
 * after the last step: 1 passes, 0 fails.
 *
 * <p>Gradient methods are checked on differentiable models (every layer, at most {@code maxLayers} from the
 * top); perturbation methods on models without gradients (an ONNX model's head, a TorchScript model without the
 * gradient convention), where they are the only methods. A method or model that is not checked gets a
 * {@code reason} instead of steps.
 *
 * @param checked whether the check ran
 * @param reason why it did not run (or failed), else null
 * @param layers how many layers the model has that can be randomised (steps may stop earlier, at the bound)
 * @param steps one per randomised layer, top first
 * @param score {@code 1 - |rho|} of the last step's signed scores, null if the correlation is undefined
 * @param runtimeMs the time of the whole check: copies, randomisation and one explanation per step
 */
public record ModelRandomisation(boolean checked, String reason, Integer layers, List<Step> steps, Double score,
        Double runtimeMs) {

    /** The seed of every randomisation (the CNN's initialisation seed of training). */
    public static final long SEED = 7L;

    /**
     * The correlations after randomising every layer down to and including {@code layer}, whose re-initialised
     * weight tensors are {@code tensors}; null where undefined (constant scores).
     */
    public record Step(String layer, List<String> tensors, Double spearman, Double spearmanAbs) {}

    /** The payload of a method or model that is not checked, with why. */
    public static ModelRandomisation skipped(String reason) {
        return new ModelRandomisation(false, reason, null, List.of(), null, null);
    }

    /** Why {@code method} cannot be checked on {@code model}, or null when it can. */
    public static String reason(AttributionMethod method, Params params, TextClassifier model) {
        if ("placebo".equals(method.id())) {
            return "The placebo applies one fixed derangement to its source method's scores, so its correlation "
                    + "would equal the source method's: see the source method's check.";
        }
        if (!(model instanceof RandomisableModel r)) {
            return "Model " + model.id() + " cannot be re-initialised by xstudy (the CNN, imported TorchScript and "
                    + "ONNX models can).";
        }
        String problem = r.randomisationProblem();
        if (problem != null) {
            return problem;
        }
        boolean gradients = method.needsGradients(params);
        if (!gradients && model instanceof DifferentiableClassifier) {
            return "Perturbation methods are checked on models without gradients only (ONNX, TorchScript without "
                    + "embed): on a differentiable model the cascade would cost a full run of the method per layer, "
                    + "and its gradient methods are checked.";
        }
        return null;
    }

    /**
     * Runs the check where {@link #reason} allows, else returns the reason; a failure of the check is reported
     * as its reason, never thrown, since the explanation itself stands.
     */
    public static ModelRandomisation check(AttributionMethod method, Params params, TextClassifier model,
            String text, int target, double[] original, int maxLayers) {
        String reason = maxLayers <= 0 ? "The check is turned off (xstudy.explain.sanity-max-layers is 0)."
                : reason(method, params, model);
        if (reason != null) {
            return skipped(reason);
        }
        try {
            return of(method, (RandomisableModel) model, text, target, params, original, SEED, maxLayers);
        } catch (RuntimeException e) {
            return skipped("The check failed on a randomised copy of the model: " + e.getMessage());
        }
    }

    /** Cascading randomisation of the top {@code maxLayers} layers (all of them when there are fewer). */
    public static ModelRandomisation of(AttributionMethod method, RandomisableModel model, String text, int target,
            Params params, double[] original, long seed, int maxLayers) {
        long start = System.nanoTime();
        List<Step> steps = new ArrayList<>();
        List<String> layers = model.layersTopDown();
        int n = Math.min(layers.size(), Math.max(1, maxLayers));
        double[] originalAbs = abs(original);
        try (RandomisableModel.Cascade cascade = model.cascade(seed)) {
            for (int i = 0; i < n; i++) {
                double[] scores = method.attribute(cascade.next(), text, target, params).scores();
                String layer = layers.get(i);
                steps.add(new Step(layer, model.tensorsOf(layer), Agreement.of(original, scores).spearman(),
                        Agreement.of(originalAbs, abs(scores)).spearman()));
            }
        }
        Double last = steps.isEmpty() ? null : steps.get(steps.size() - 1).spearman();
        return new ModelRandomisation(true, null, layers.size(), steps, last == null ? null : 1 - Math.abs(last),
                (System.nanoTime() - start) / 1e6);
    }

    /** All layers: {@link #of(AttributionMethod, RandomisableModel, String, int, Params, double[], long, int)}. */
    public static ModelRandomisation of(AttributionMethod method, RandomisableModel model, String text, int target,
            Params params, double[] original, long seed) {
        return of(method, model, text, target, params, original, seed, Integer.MAX_VALUE);
    }

    private static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }
}
