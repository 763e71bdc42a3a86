package org.xstudy.represent.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.xstudy.common.Problem.FieldError;
import org.xstudy.explain.TokenScore;

/** Checks and formats token scores the same way for every representation. */
public final class Scores {

    /**
     * The provenance key of a token-score payload that says whether its scores are signed ({@code true}, the default
     * when absent) or magnitudes ({@code false}), so that a frozen heatmap is drawn on the right scale.
     */
    public static final String SIGNED = "signed";

    private Scores() {}

    /** Whether a payload with this provenance holds signed scores: unless it records {@code "signed": false}. */
    public static boolean signed(java.util.Map<String, ?> provenance) {
        return provenance == null || !Boolean.FALSE.equals(provenance.get(SIGNED));
    }

    /**
     * A score as shown to people and verbalizers: two decimals, or two significant digits below 0.1, with a sign.
     */
    public static String format(double score) {
        if (score == 0) {
            return "0.00";
        }
        BigDecimal value = BigDecimal.valueOf(score);
        BigDecimal rounded = Math.abs(score) >= 0.1
                ? value.setScale(2, RoundingMode.HALF_UP)
                : value.round(new MathContext(2, RoundingMode.HALF_UP));
        String plain = rounded.toPlainString();
        return score > 0 ? "+" + plain : plain;
    }

    /**
     * Every problem of a list of token scores for a text, each with its JSON pointer below {@code pointer}:
     * offsets must lie inside the text, ascend and not overlap, and scores must be finite.
     */
    public static List<FieldError> errors(String text, List<TokenScore> scores, String pointer) {
        List<FieldError> errors = new ArrayList<>();
        if (text == null) {
            errors.add(new FieldError("/text", "text is required"));
            return errors;
        }
        if (scores == null) {
            errors.add(new FieldError(pointer, "scores are required"));
            return errors;
        }
        int previousEnd = 0;
        for (int i = 0; i < scores.size(); i++) {
            TokenScore s = scores.get(i);
            String at = pointer + "/" + i;
            if (s == null) {
                errors.add(new FieldError(at, "entry is null"));
                continue;
            }
            if (!Double.isFinite(s.score())) {
                errors.add(new FieldError(at + "/score", "score must be a finite number"));
            }
            if (s.start() < previousEnd || s.end() <= s.start() || s.end() > text.length()) {
                errors.add(new FieldError(at + "/start", "offsets [" + s.start() + ", " + s.end()
                        + ") must be non-empty, inside the text (length " + text.length()
                        + ") and after the previous token (which ends at " + previousEnd + ")"));
            } else {
                previousEnd = s.end();
            }
        }
        return errors;
    }

    /** Throws {@link IllegalArgumentException} naming the first problem, if any. */
    public static void requireValid(String text, List<TokenScore> scores) {
        List<FieldError> errors = errors(text, scores, "/scores");
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.get(0).pointer() + ": " + errors.get(0).message());
        }
    }

    /** The largest |score|, 0 for none. */
    public static double maxAbs(List<TokenScore> scores) {
        return scores.stream().mapToDouble(s -> Math.abs(s.score())).max().orElse(0);
    }
}
