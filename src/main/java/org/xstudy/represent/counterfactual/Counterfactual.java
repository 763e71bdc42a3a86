package org.xstudy.represent.counterfactual;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An edited input and what the model says about it, re-checked by running the model on {@code text}.
 *
 * @param originalProbability p(original label | original text)
 * @param newProbability p(original label | edited text)
 * @param probabilityChange {@code newProbability - originalProbability}
 * @param margin on the edited text, the probability of the most probable class other than the original minus that
 *     of the class after it (the original class, for two classes); negative when the original class still leads
 * @param meaning meaning preservation: cosine of the sentence embeddings (bge-small) of the original and the edited
 *     text, in [-1, 1]; null when no embedding model is loaded
 * @param valid true when the edited text's prediction differs from the original one by at least the minimum margin
 */
public record Counterfactual(String text, List<Edit> edits, int editCount, String originalLabel, String newLabel,
        double originalProbability, double newProbability, double probabilityChange, double margin, Double meaning,
        boolean valid) {

    /**
     * What a frozen payload records of this counterfactual: its margin, the minimum margin it was searched with,
     * its meaning-preservation score (when there is one) and its number of edits.
     */
    public Map<String, Object> provenance(double minMargin) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("margin", margin);
        out.put("minMargin", minMargin);
        if (meaning != null) {
            out.put("meaning", meaning);
        }
        out.put("editCount", editCount);
        return out;
    }
}
