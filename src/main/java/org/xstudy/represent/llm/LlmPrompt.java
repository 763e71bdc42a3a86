package org.xstudy.represent.llm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.render.Scores;

/**
 * The versioned instruction prompt of the LLM verbalizer ({@value #VERSION}): the input text, the prediction with
 * its probability, and the top-k words by |score| with their scores. The hash covers the version and both messages,
 * so any change of wording, input or scores is a different cache entry.
 *
 * @param topK the words given to the model, strongest |score| first
 */
public record LlmPrompt(String version, List<ChatClient.Message> messages, List<TokenScore> topK, String hash) {

    public static final String VERSION = "llm-prompt-v1";

    /** The prompt for an explanation of a class the model does not predict: it states both. */
    public static final String VERSION_OTHER_CLASS = "llm-prompt-v1-other-class";

    /**
     * The prompt for magnitudes (e.g. absolute saliency): the scores say how strongly the output reacts to a word,
     * not in which direction, and the model is asked not to say that a word speaks for or against anything.
     */
    public static final String VERSION_MAGNITUDE = "llm-prompt-v1-magnitude";

    static final String MAGNITUDE_MEANING = "the scores are magnitudes: how strongly the model's output reacts to "
            + "each word; they do not tell whether a word speaks for or against the prediction";

    static final String MAGNITUDE_TASK = "which words the model was most sensitive to. Do not say that a word "
            + "supports, speaks for, speaks against or causes the prediction: the scores do not tell";

    static final String SYSTEM = "You explain the predictions of a text classifier to people without a machine "
            + "learning background. Use only the information given: the input, the prediction and the word scores. "
            + "Do not mention words that are not in the list of important words.";

    public static LlmPrompt of(String text, String label, Double probability, List<TokenScore> scores, int k) {
        return of(text, label, probability, null, scores, k);
    }

    /**
     * As above, knowing the model's {@code prediction} (null if unknown). When {@code label} is another class, the
     * prompt says what the model predicts and that the scores explain {@code label}, and asks for an explanation of
     * what speaks for and against {@code label}, never that the model predicts it.
     */
    public static LlmPrompt of(String text, String label, Double probability,
            org.xstudy.represent.verbal.ModelPrediction prediction, List<TokenScore> scores, int k) {
        return of(text, label, probability, prediction, scores, k, true);
    }

    /**
     * As above; for magnitudes ({@code signed} false) the prompt ({@value #VERSION_MAGNITUDE}) explains that the
     * scores have no direction and asks only which words the model was most sensitive to.
     */
    public static LlmPrompt of(String text, String label, Double probability,
            org.xstudy.represent.verbal.ModelPrediction prediction, List<TokenScore> scores, int k, boolean signed) {
        if (!signed) {
            boolean other = prediction != null && prediction.differsFrom(label);
            String stated = other ? "Prediction: " + prediction.label() + probability(prediction.probability())
                    + "\nExplained class (not the prediction): " + label + probability(probability)
                    : "Prediction: " + label + probability(probability);
            return prompt(VERSION_MAGNITUDE, text, stated, MAGNITUDE_MEANING, MAGNITUDE_TASK
                    + (other ? "; say that the model predicts \"" + prediction.label() + "\", not \"" + label + "\""
                            : ""), scores, k);
        }
        if (prediction == null || !prediction.differsFrom(label)) {
            return prompt(VERSION, text, "Prediction: " + label + probability(probability),
                    "positive scores support the prediction, negative scores speak against it",
                    "why the model made this prediction", scores, k);
        }
        return prompt(VERSION_OTHER_CLASS, text, "Prediction: " + prediction.label()
                + probability(prediction.probability()) + "\nExplained class (not the prediction): " + label
                + probability(probability), "positive scores speak for \"" + label + "\", negative scores against it",
                "which words speak for and against \"" + label + "\"; say that the model predicts \""
                        + prediction.label() + "\", not \"" + label + "\"", scores, k);
    }

    private static String probability(Double p) {
        return p == null ? "" : String.format(Locale.ROOT, " (probability %.2f)", p);
    }

    private static LlmPrompt prompt(String version, String text, String prediction, String meaning, String task,
            List<TokenScore> scores, int k) {
        List<TokenScore> top = scores.stream()
                .sorted(Comparator.comparingDouble((TokenScore s) -> -Math.abs(s.score())))
                .limit(Math.max(1, k)).toList();
        StringBuilder user = new StringBuilder();
        user.append("Input text: \"").append(text).append("\"\n");
        user.append(prediction);
        user.append("\nMost important words (word: attribution score; ").append(meaning).append("):\n");
        for (int i = 0; i < top.size(); i++) {
            user.append(i + 1).append(". ").append(top.get(i).token()).append(": ")
                    .append(version.equals(VERSION_MAGNITUDE) ? Scores.format(Math.abs(top.get(i).score()))
                            .replace("+", "") : Scores.format(top.get(i).score())).append('\n');
        }
        user.append("Explain in at most three sentences, in plain language, ").append(task).append(". "
                + "Put every word you cite from the input in double quotes.");
        List<ChatClient.Message> messages = List.of(new ChatClient.Message("system", SYSTEM),
                new ChatClient.Message("user", user.toString()));
        return new LlmPrompt(version, messages, top, sha256(version + "\u0000" + SYSTEM + "\u0000" + user));
    }

    public String text() {
        return messages.get(0).content() + "\n\n" + messages.get(1).content();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
