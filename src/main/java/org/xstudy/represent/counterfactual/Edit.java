package org.xstudy.represent.counterfactual;

import java.util.Comparator;
import java.util.List;
import org.xstudy.explain.TokenScore;

/**
 * One edit of an input: words {@code word..last} (one word, a hyphenated compound or a multi-word expression, always
 * whole) are deleted ({@code replacement} null) or replaced.
 *
 * @param original the text of the edited words as they stand in the input
 * @param source where the replacement came from ({@code deletion}, {@code wordnet-antonym}, ...)
 */
public record Edit(int word, int last, String original, String replacement, String source) {

    /** An edit of the single word at {@code word}. */
    public Edit(int word, String original, String replacement, String source) {
        this(word, word, original, replacement, source);
    }

    public boolean deletion() {
        return replacement == null;
    }

    /**
     * The text with the edits applied. Replacements keep an initial capital; after a deletion, runs of whitespace
     * collapse to one space and the ends are trimmed, as in the engine's word removal.
     */
    public static String apply(String text, List<TokenScore> words, List<Edit> edits) {
        List<Edit> ordered = edits.stream().sorted(Comparator.comparingInt(Edit::word)).toList();
        StringBuilder out = new StringBuilder(text.length() + 16);
        int position = 0;
        boolean deleted = false;
        for (Edit e : ordered) {
            TokenScore first = words.get(e.word());
            out.append(text, position, first.start());
            if (e.deletion()) {
                deleted = true;
            } else {
                out.append(matchCase(first.token(), e.replacement()));
            }
            position = words.get(e.last()).end();
        }
        out.append(text.substring(position));
        return deleted ? out.toString().replaceAll("\\s+", " ").trim() : out.toString();
    }

    private static String matchCase(String original, String replacement) {
        if (!original.isEmpty() && Character.isUpperCase(original.charAt(0)) && !replacement.isEmpty()) {
            return Character.toUpperCase(replacement.charAt(0)) + replacement.substring(1);
        }
        return replacement;
    }
}
