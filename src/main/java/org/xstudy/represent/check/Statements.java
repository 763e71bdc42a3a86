package org.xstudy.represent.check;

import java.util.List;

/**
 * What a verbalization states, as read by {@link StatementReader}.
 *
 * @param claims the words it presents as important, with the direction it gives them
 * @param predictions the labels it says the model predicts
 * @param numbers the numbers it states
 */
public record Statements(List<Claim> claims, List<StatedPrediction> predictions, List<StatedNumber> numbers) {

    /**
     * A word or phrase presented as important.
     *
     * @param text as written (a quoted phrase may hold several words)
     * @param quoted whether it was quoted
     * @param target the label the sentence relates it to (null if none is named or implied)
     * @param polarity +1 if said to speak for {@code target}, -1 if against it, 0 if no direction is stated
     */
    public record Claim(String text, boolean quoted, String target, int polarity) {}

    /** A label the text says the model predicts. */
    public record StatedPrediction(String label, String clause) {}

    /**
     * A stated number.
     *
     * @param value the number as a fraction (percentages divided by 100)
     * @param tolerance how far the truth may lie from it: half a unit of its last digit, more after "about"
     * @param probability true for a confidence or probability, false for a word's score
     * @param label for a probability, the class it is stated for (null: the prediction)
     * @param word for a score, the word it is stated for (null: any word)
     * @param signed whether it carries a sign (then the sign must match too)
     */
    public record StatedNumber(String stated, double value, double tolerance, boolean probability, String label,
            String word, boolean signed) {}
}
