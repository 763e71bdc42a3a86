package org.xstudy.represent.check;

import java.util.List;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.verbal.ModelPrediction;

/**
 * What a verbalization is checked against.
 *
 * @param text the explained input
 * @param scores its word attributions for {@code explained} (positive: for it)
 * @param explained the explained class
 * @param labels the model's classes (a two-class model lets "towards the other class" mean "against this one")
 * @param prediction what the model predicts (null if unknown: then a probability of {@code explained} of at least
 *     0.5 makes it the prediction)
 * @param probability the model's probability of {@code explained} (null if unknown)
 * @param k how many words on each side count as important: the k strongest for and the k strongest against
 * @param signed false for magnitudes (e.g. absolute saliency): then no direction can be checked
 */
public record CheckSubject(String text, List<TokenScore> scores, String explained, List<String> labels,
        ModelPrediction prediction, Double probability, int k, boolean signed) {

    public CheckSubject {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** The label the model predicts, or null if it cannot be told. */
    String predicted() {
        if (prediction != null && prediction.label() != null) {
            return prediction.label();
        }
        if (probability != null && probability >= 0.5) {
            return explained;
        }
        if (probability != null && labels.size() == 2 && labels.contains(explained)) {
            return labels.get(labels.get(0).equals(explained) ? 1 : 0);
        }
        return null;
    }

    /** The model's probability of {@code label}, or null if unknown. */
    Double probabilityOf(String label) {
        if (label == null) {
            return null;
        }
        if (label.equalsIgnoreCase(explained) && probability != null) {
            return probability;
        }
        if (prediction != null && label.equalsIgnoreCase(prediction.label()) && prediction.probability() != null) {
            return prediction.probability();
        }
        if (labels.size() == 2 && probability != null && labels.stream().anyMatch(l -> l.equalsIgnoreCase(label))) {
            return 1 - probability;
        }
        return null;
    }

    /**
     * The sign a word needs in {@link #scores} to speak for {@code target} (+1) or against it (-1) as stated:
     * +1 or -1, or 0 when it cannot be told.
     */
    int requiredSign(String target, int polarity) {
        if (!signed || polarity == 0 || target == null) {
            return 0;
        }
        if (target.equalsIgnoreCase(explained)) {
            return polarity;
        }
        boolean other = labels.size() == 2 && labels.stream().anyMatch(l -> l.equalsIgnoreCase(target))
                && labels.stream().anyMatch(l -> l.equalsIgnoreCase(explained));
        return other ? -polarity : 0;
    }
}
