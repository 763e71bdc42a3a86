package org.xstudy.represent.api;

import java.util.List;
import org.xstudy.explain.TokenScore;

/**
 * What a researcher sends to generate a representation. The input is {@code text} with word {@code scores}, or
 * {@code source}, the id of a stored representation with token scores (e.g. an import), or {@code explanation},
 * the id of an explanation stored by the engine (its text, scores, explained label, probability and model). Each
 * kind reads only its own parameters; unset ones take their documented defaults.
 *
 * @param label the explained class (positive scores support it); defaults to the model's prediction
 * @param probability the model's probability of {@code label}, for confidence statements
 * @param model a registered model id: needed for rationale scores, counterfactuals, perturbations and examples
 * @param normalization heatmap: {@code instance} (default) or {@code global}
 * @param globalMaxAbs heatmap with global normalisation: the |score| that gets the darkest colour
 * @param format heatmap: {@code html} (default), {@code svg} or {@code png}
 * @param width heatmap SVG/PNG: figure width in pixels (default 640)
 * @param mode rationale: {@code top-k} (default), {@code top-percent} or {@code threshold}
 * @param parameter rationale: k (default 3), the percentage, or the threshold in (0, 1]
 * @param view rationale: {@code highlights} (default) or {@code snippets}
 * @param budgetWords template: longest sentence in words (default 30)
 * @param maxWordsPerSlot template: most words per slot (default 5)
 * @param showScores template: state each word's score
 * @param withConfidence template: state the model's confidence
 * @param k LLM: number of top words in the prompt (default 5, at most 20)
 * @param count counterfactuals, perturbations, examples: how many (default 3, at most 20)
 * @param maxEdits counterfactuals and perturbations: most word edits (default 3, at most 5)
 * @param pool examples: the candidate training examples
 * @param seed perturbations: random seed (default 1)
 * @param prediction the label the model predicts for the text, when it is known (from a stored explanation, or
 *     given); verbalizations of another class say so instead of stating a false prediction
 * @param predictionProbability the model's probability of {@code prediction}
 * @param signed false when the scores are magnitudes (e.g. absolute saliency), which get a one-colour heatmap and
 *     verbalizations with no direction words; default true. With {@code explanation} or {@code source} it is the
 *     stored method's (or payload's) and cannot be overridden.
 */
public record RepresentRequest(
        String text,
        List<TokenScore> scores,
        Long source,
        Long explanation,
        String label,
        Double probability,
        String model,
        String normalization,
        Double globalMaxAbs,
        String format,
        Integer width,
        String mode,
        Double parameter,
        String view,
        Integer budgetWords,
        Integer maxWordsPerSlot,
        Boolean showScores,
        Boolean withConfidence,
        Integer k,
        Integer count,
        Integer maxEdits,
        List<PoolExample> pool,
        Long seed,
        String prediction,
        Double predictionProbability,
        Boolean signed) {

    /** A request about signed scores, or whose input names a stored explanation (the method then decides). */
    public RepresentRequest(String text, List<TokenScore> scores, Long source, Long explanation, String label,
            Double probability, String model, String normalization, Double globalMaxAbs, String format, Integer width,
            String mode, Double parameter, String view, Integer budgetWords, Integer maxWordsPerSlot,
            Boolean showScores, Boolean withConfidence, Integer k, Integer count, Integer maxEdits,
            List<PoolExample> pool, Long seed, String prediction, Double predictionProbability) {
        this(text, scores, source, explanation, label, probability, model, normalization, globalMaxAbs, format, width,
                mode, parameter, view, budgetWords, maxWordsPerSlot, showScores, withConfidence, k, count, maxEdits,
                pool, seed, prediction, predictionProbability, null);
    }

    /** A candidate training example for example-based explanations. */
    public record PoolExample(String text, String gold) {}

    /** The same request with its input replaced, e.g. by a stored representation's text and scores. */
    public RepresentRequest withInput(String newText, List<TokenScore> newScores, String newLabel) {
        return withInput(newText, newScores, newLabel, probability, model, prediction, predictionProbability,
                signed);
    }

    /**
     * The same request with its input, and unset label, probability, model and prediction, taken from a stored
     * explanation; {@code newSigned} (whether its scores are signed) replaces any given value.
     */
    public RepresentRequest withInput(String newText, List<TokenScore> newScores, String newLabel,
            Double newProbability, String newModel, String newPrediction, Double newPredictionProbability,
            Boolean newSigned) {
        boolean given = prediction != null;
        return new RepresentRequest(newText, newScores, null, null, label != null ? label : newLabel,
                probability != null ? probability : newProbability, model != null ? model : newModel,
                normalization, globalMaxAbs, format, width, mode, parameter, view, budgetWords, maxWordsPerSlot,
                showScores, withConfidence, k, count, maxEdits, pool, seed, given ? prediction : newPrediction,
                given ? predictionProbability : newPredictionProbability, newSigned);
    }

    /** Whether the scores are signed (true unless the request or its stored input says they are magnitudes). */
    public boolean signedScores() {
        return !Boolean.FALSE.equals(signed);
    }

    /** The model's prediction, when known. */
    public org.xstudy.represent.verbal.ModelPrediction modelPrediction() {
        return prediction == null || prediction.isBlank() ? null
                : new org.xstudy.represent.verbal.ModelPrediction(prediction, predictionProbability);
    }

    static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
