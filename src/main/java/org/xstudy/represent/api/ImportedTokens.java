package org.xstudy.represent.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xstudy.common.Problem.FieldError;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.render.Scores;

/**
 * Reads imported token scores: tokens with offsets into the text, or tokens with one attribution each, merged into
 * words (see {@link Subwords}) and found in the text in order, case-insensitively. Errors name the bad token.
 */
final class ImportedTokens {

    private ImportedTokens() {}

    static List<TokenScore> withOffsets(JsonNode tokens, String text, String p, Checks c) {
        List<TokenScore> out = new ArrayList<>();
        int errors = 0;
        for (int j = 0; j < tokens.size(); j++) {
            JsonNode t = tokens.get(j);
            if (!t.path("start").isInt() || !t.path("end").isInt() || !t.path("score").isNumber()) {
                c.add(p + "/" + j, "needs integer start and end and a numeric score");
                errors++;
                continue;
            }
            int start = t.get("start").asInt();
            int end = t.get("end").asInt();
            String token = t.path("token").isTextual() ? t.get("token").asText()
                    : start >= 0 && end <= text.length() && start < end ? text.substring(start, end) : "";
            out.add(new TokenScore(token, start, end, t.get("score").asDouble()));
        }
        if (errors == 0) {
            List<FieldError> bad = Scores.errors(text, out, p);
            c.addAll(bad);
            for (int j = 0; j < out.size() && bad.isEmpty(); j++) {
                TokenScore s = out.get(j);
                if (!text.substring(s.start(), s.end()).equals(s.token())) {
                    c.add(p + "/" + j + "/token", "the text at [" + s.start() + ", " + s.end() + ") is '"
                            + text.substring(s.start(), s.end()) + "', not '" + s.token() + "'");
                }
            }
        }
        return out;
    }

    /** The words of string tokens with one numeric attribution each, or null (errors added) if malformed. */
    static List<Subwords.Word> words(JsonNode tokens, JsonNode attributions, String tokensAt, String attributionsAt,
            Checks c) {
        if (attributions == null || !attributions.isArray() || attributions.size() != tokens.size()) {
            c.add(attributionsAt, "needs one number per token (" + tokens.size() + ")");
            return null;
        }
        List<String> pieces = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int j = 0; j < tokens.size(); j++) {
            if (!tokens.get(j).isTextual()) {
                c.add(tokensAt + "/" + j, "must be a string");
                return null;
            }
            if (!attributions.get(j).isNumber()) {
                c.add(attributionsAt + "/" + j, "must be a number");
                return null;
            }
            pieces.add(tokens.get(j).asText());
            scores.add(attributions.get(j).asDouble());
        }
        List<Subwords.Word> words = Subwords.merge(pieces, scores);
        if (words.isEmpty()) {
            c.add(tokensAt, "no token of the text remains after skipping special tokens");
            return null;
        }
        return words;
    }

    /** The words located in the text, in order; null (errors added) if one is not found. */
    static List<TokenScore> aligned(List<Subwords.Word> words, String text, String tokensAt, Checks c) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<TokenScore> out = new ArrayList<>();
        int cursor = 0;
        for (Subwords.Word w : words) {
            int at = lower.indexOf(w.text().toLowerCase(Locale.ROOT), cursor);
            if (at < 0) {
                c.add(tokensAt + "/" + w.first(), "token '" + w.text() + "' is not in the text after offset "
                        + cursor);
                return null;
            }
            cursor = at + w.text().length();
            out.add(new TokenScore(text.substring(at, cursor), at, cursor, w.score()));
        }
        return out;
    }
}
