package org.xstudy.explain.method;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xstudy.explain.TokenScore;

/**
 * An Anchors explanation as a reader sees it: "When the text contains *dull* and *flat*, the model predicts
 * negative (precision 0.97)." The anchor's words (score 1) in text order, the explained class and the estimated
 * precision; an empty anchor reads "Whatever the words, ..."; an anchor that did not reach the precision asked says
 * so.
 */
public record AnchorRule(List<String> words, String label, double precision, double coverage, boolean meetsThreshold) {

    /** The rule of a stored Anchors explanation: its word scores, explained label and diagnostics. */
    public static AnchorRule of(List<TokenScore> scores, String label, Map<String, ?> diagnostics) {
        List<String> words = scores.stream().filter(s -> s.score() == 1).map(TokenScore::token).toList();
        return new AnchorRule(words, label, number(diagnostics.get("precision")), number(diagnostics.get("coverage")),
                number(diagnostics.get("meetsThreshold")) == 1);
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The rule as one sentence, the anchor's words between asterisks. */
    public String sentence() {
        String p = String.format(Locale.ROOT, "%.2f", precision);
        String head = words.isEmpty() ? "Whatever the words, the model predicts "
                : "When the text contains " + list() + ", the model predicts ";
        return head + label + " (precision " + p + ")." + (meetsThreshold ? ""
                : " No rule reached the precision asked; this is the most precise one found.");
    }

    private String list() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                out.append(i == words.size() - 1 ? " and " : ", ");
            }
            out.append('*').append(words.get(i)).append('*');
        }
        return out.toString();
    }
}
