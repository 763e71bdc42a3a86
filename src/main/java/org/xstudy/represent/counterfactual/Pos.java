package org.xstudy.represent.counterfactual;

import java.util.Locale;
import java.util.Set;
import net.sf.extjwnl.data.POS;

/**
 * The open word classes a counterfactual may edit, with their WordNet part of speech. Every other Universal
 * Dependencies tag (determiners, pronouns, adpositions, auxiliaries, conjunctions, particles, numerals, proper
 * nouns, interjections, symbols, punctuation) is left alone.
 */
public enum Pos {
    NOUN(POS.NOUN), VERB(POS.VERB), ADJ(POS.ADJECTIVE), ADV(POS.ADVERB);

    /**
     * Function words that stay even where the tagger calls them content words (it tags some auxiliaries as verbs
     * and some determiners as adjectives or adverbs): articles, determiners, pronouns, prepositions, auxiliaries and
     * modals, conjunctions, particles, negations, number words, degree adverbs ("very", "rather": "rather than" has
     * no meaning without it) and the particles of phrasal verbs ("come back").
     */
    static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "this", "that", "these", "those", "some",
            "any", "no", "every", "each", "all", "both", "either", "neither", "much", "many", "more", "most", "few",
            "less", "least", "such", "what", "which", "whose", "another", "other", "own", "i", "me", "my", "mine",
            "you", "your", "yours", "he", "him", "his", "she", "her", "hers", "it", "its", "we", "us", "our", "ours",
            "they", "them", "their", "theirs", "myself", "yourself", "himself", "herself", "itself", "ourselves",
            "themselves", "who", "whom", "one", "ones", "of", "in", "on", "at", "by", "for", "with", "about",
            "against", "between", "into", "through", "during", "before", "after", "above", "below", "to", "from",
            "up", "down", "out", "off", "over", "under", "again", "further", "then", "once", "here", "there", "when",
            "where", "why", "how", "than", "as", "per", "via", "be", "am", "is", "are", "was", "were", "been",
            "being", "have", "has", "had", "having", "do", "does", "did", "doing", "done", "will", "would", "shall",
            "should", "can", "could", "may", "might", "must", "ought", "and", "or", "but", "nor", "so", "yet", "if",
            "because", "while", "although", "though", "unless", "until", "since", "whether", "not", "n't", "never",
            "nothing", "nobody", "none", "nowhere", "too", "very", "just", "only", "also", "even", "still", "ever",
            "rather", "quite", "enough", "almost", "instead", "else", "ago", "back", "away", "along", "around",
            "forward", "together", "apart", "aside",
            "zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "thousand",
            "million", "first", "second", "'s", "'re", "'ve", "'ll", "'d", "'m");

    final POS wordnet;

    Pos(POS wordnet) {
        this.wordnet = wordnet;
    }

    /** The editable class of a Universal Dependencies tag, or null for a closed class or punctuation. */
    static Pos of(String udTag) {
        return switch (udTag) {
            case "NOUN" -> NOUN;
            case "VERB" -> VERB;
            case "ADJ" -> ADJ;
            case "ADV" -> ADV;
            default -> null;
        };
    }

    static boolean functionWord(String word) {
        return FUNCTION_WORDS.contains(word.toLowerCase(Locale.ROOT));
    }
}
