package org.xstudy.represent.verbal;

import java.util.Locale;
import java.util.Set;

/**
 * Words that carry no evidence a lay reader can use: punctuation, and English function words (articles,
 * prepositions, pronouns, auxiliaries, conjunctions). Negations and degree words ("not", "no", "never", "nor",
 * "very", "too", "n't") are kept on purpose: they decide sentiment. The list follows the function-word part of the
 * common English stop lists (NLTK, SMART) without those; Lucene's English stop set is not used because it drops
 * "not" and "no".
 */
public final class FunctionWords {

    private static final Set<String> WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "then", "else", "so", "than", "as", "because", "while",
            "of", "in", "on", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during",
            "before", "after", "above", "below", "to", "from", "up", "down", "out", "off", "over", "under", "again",
            "further", "once", "here", "there", "when", "where", "why", "how", "all", "any", "both", "each", "other",
            "some", "such", "own", "same", "s", "t", "can", "will", "just", "should", "now", "would", "could",
            "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "he",
            "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
            "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is",
            "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did",
            "doing", "'s", "'re", "'ve", "'d", "'ll", "'m", "-", "--", "'", "\"", "`", "``", "''");

    private FunctionWords() {}

    /** True for a token a verbalization or rationale should not cite: punctuation only, or a function word. */
    public static boolean skip(String token) {
        String t = token.strip().toLowerCase(Locale.ROOT);
        return t.isEmpty() || t.chars().noneMatch(Character::isLetterOrDigit) || WORDS.contains(t);
    }
}
