package org.xstudy.represent.verbal;

/**
 * What the model predicts for a text: its label and, when known, its probability. Verbalizers compare it with the
 * class an explanation explains, so that they never state a prediction the model did not make.
 */
public record ModelPrediction(String label, Double probability) {

    /** True if an explanation of {@code explained} is not about the predicted class. */
    public boolean differsFrom(String explained) {
        return explained != null && !explained.equals(label);
    }
}
