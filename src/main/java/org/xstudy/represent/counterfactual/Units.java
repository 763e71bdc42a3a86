package org.xstudy.represent.counterfactual;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import org.xstudy.explain.TokenScore;

/**
 * Splits an input's words into the units a counterfactual may edit: single words, hyphenated compounds
 * ({@code over-the-top}, {@code well-made}) and WordNet's multi-word expressions ({@code bad guy}, {@code do work}),
 * the latter two kept whole: edited as one unit or not at all. A unit is editable when every word in it is a content
 * word by the tagger (noun, verb, adjective, adverb) and none is on {@link Pos#FUNCTION_WORDS}; so
 * {@code over-the-top} and {@code does work} are left alone, while {@code heart-warming} is edited whole.
 */
final class Units {

    /**
     * Words {@code first..last} of the input.
     *
     * @param pos the unit's word class, or null when it may not be edited
     * @param attributive an adjective directly before a noun or another adjective (it can be left out)
     * @param before the lower-cased word before the unit, or null
     * @param after the lower-cased word after the unit, or null
     */
    record Unit(int first, int last, String text, Pos pos, boolean attributive, String before, String after) {

        boolean editable() {
            return pos != null;
        }

        boolean expression() {
            return last > first;
        }
    }

    private static final int LONGEST_EXPRESSION = 3;

    private Units() {}

    static List<Unit> of(String text, List<TokenScore> words) {
        List<String> tags = PosTagger.tag(words.stream().map(TokenScore::token).toList());
        List<Unit> units = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            int last = compoundEnd(text, words, i);
            Pos expression = null;
            if (last == i) {
                for (int n = LONGEST_EXPRESSION; n >= 2 && last == i; n--) {
                    expression = expression(text, words, tags, i, n);
                    last = expression == null ? i : i + n - 1;
                }
            }
            units.add(unit(text, words, tags, i, last, expression));
            i = last + 1;
        }
        return units;
    }

    private static Unit unit(String text, List<TokenScore> words, List<String> tags, int first, int last,
            Pos expression) {
        boolean content = true;
        for (int w = first; w <= last; w++) {
            String token = words.get(w).token();
            if (letters(token)) {
                content &= Pos.of(tags.get(w)) != null && !Pos.functionWord(token);
            } else {
                content &= token.equals("-");
            }
        }
        Pos pos = !content ? null : expression != null ? expression
                : last > first ? compoundPos(words, tags, first, last) : Pos.of(tags.get(first));
        String next = last + 1 < words.size() ? tags.get(last + 1) : "";
        boolean attributive = pos == Pos.ADJ && (next.equals("NOUN") || next.equals("PROPN") || next.equals("ADJ"));
        return new Unit(first, last, text.substring(words.get(first).start(), words.get(last).end()), pos,
                attributive, first > 0 ? lower(words.get(first - 1).token()) : null,
                last + 1 < words.size() ? lower(words.get(last + 1).token()) : null);
    }

    /** The last word of a hyphenated compound starting at {@code first} ({@code first} itself when none). */
    private static int compoundEnd(String text, List<TokenScore> words, int first) {
        if (!letters(words.get(first).token())) {
            return first;
        }
        int last = first;
        int j = first + 1;
        while (j < words.size()) {
            while (j < words.size() && words.get(j).token().equals("-")) {
                j++;
            }
            if (j >= words.size() || !letters(words.get(j).token())
                    || !text.substring(words.get(last).end(), words.get(j).start()).equals("-")) {
                break;
            }
            last = j++;
        }
        return last;
    }

    /** WordNet's part of speech of the {@code n} words from {@code first} as one expression, or null. */
    private static Pos expression(String text, List<TokenScore> words, List<String> tags, int first, int n) {
        if (first + n > words.size()) {
            return null;
        }
        StringBuilder phrase = new StringBuilder(lower(words.get(first).token()));
        for (int w = first + 1; w < first + n; w++) {
            if (!letters(words.get(w).token())
                    || !text.substring(words.get(w - 1).end(), words.get(w).start()).equals(" ")) {
                return null;
            }
            phrase.append(' ').append(lower(words.get(w).token()));
        }
        if (!letters(words.get(first).token())) {
            return null;
        }
        Pos own = Pos.of(tags.get(first + n - 1));
        Pos found = null;
        for (Pos pos : Pos.values()) {
            if (known(pos, phrase.toString())) {
                found = found == null || pos == own ? pos : found;
            }
        }
        return found;
    }

    private static Pos compoundPos(List<TokenScore> words, List<String> tags, int first, int last) {
        String compound = lower(String.join("-", words.subList(first, last + 1).stream().map(TokenScore::token)
                .filter(Units::letters).toList()));
        Pos own = Pos.of(tags.get(last));
        for (Pos pos : Pos.values()) {
            if (known(pos, compound) && (own == null || pos == own)) {
                return pos;
            }
        }
        String next = last + 1 < tags.size() ? tags.get(last + 1) : "";
        return next.equals("NOUN") ? Pos.ADJ : own;
    }

    /** True when WordNet has the expression (or a regular inflection of it) under {@code pos}. */
    static boolean known(Pos pos, String lemma) {
        try {
            IndexWord w = WordNetSource.dictionary().lookupIndexWord(pos.wordnet, lemma);
            return w != null && words(w.getLemma()) == words(lemma);
        } catch (JWNLException e) {
            return false;
        }
    }

    /** The number of words, hyphenated parts counted apart. */
    private static int words(String lemma) {
        return lemma.split("[ -]+").length;
    }

    static boolean letters(String token) {
        return !token.isEmpty() && token.chars().allMatch(Character::isLetter);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
