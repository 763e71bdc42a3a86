package org.xstudy.represent.counterfactual;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.Exc;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * Puts a replacement into the grammatical form of the word it replaces, by regular English spelling rules only:
 * plural nouns ({@code -s}, {@code -es}, {@code -ies}) and verbs in {@code -s}, {@code -ing} and {@code -ed}. A form
 * is recognised only when the rules rebuild it from its WordNet lemma, and a replacement is inflected only when it
 * is regular (not in WordNet's exception lists) and the rules need no consonant doubling; otherwise it is skipped.
 * Comparative and superlative adjectives and adverbs are never replaced.
 */
final class Inflection {

    /** The grammatical forms handled. */
    enum Kind { BASE, PLURAL, THIRD_PERSON, GERUND, PAST }

    /** A word's lemma and form. */
    record Form(String lemma, Kind kind) {}

    private static volatile Map<Pos, Set<String>> irregular;

    private Inflection() {}

    /** The lemma and form of {@code word} (lower case) as a {@code pos}, or null when neither can be told. */
    static Form form(String word, Pos pos) {
        try {
            Dictionary d = WordNetSource.dictionary();
            if (d.getIndexWord(pos.wordnet, word) != null) {
                return new Form(word, Kind.BASE);
            }
            IndexWord base = d.getMorphologicalProcessor().lookupBaseForm(pos.wordnet, word);
            if (base == null || pos == Pos.ADJ || pos == Pos.ADV) {
                return null;
            }
            String lemma = base.getLemma();
            for (Kind kind : pos == Pos.NOUN ? new Kind[] {Kind.PLURAL}
                    : new Kind[] {Kind.THIRD_PERSON, Kind.GERUND, Kind.PAST}) {
                if (word.equals(regular(lemma, kind))) {
                    return new Form(lemma, kind);
                }
            }
            return null;
        } catch (JWNLException e) {
            return null;
        }
    }

    /** {@code lemma} in the form {@code kind}, or null when that cannot be made by the regular rules. */
    static String inflect(String lemma, Kind kind, Pos pos) {
        if (kind == Kind.BASE) {
            return lemma;
        }
        if (lemma.contains(" ") || irregular().getOrDefault(pos, Set.of()).contains(lemma)) {
            return null;
        }
        return regular(lemma, kind);
    }

    private static String regular(String lemma, Kind kind) {
        return switch (kind) {
            case BASE -> lemma;
            case PLURAL, THIRD_PERSON -> lemma.matches(".*(s|x|z|ch|sh)") ? lemma + "es"
                    : lemma.matches(".*[^aeiou]y") ? lemma.substring(0, lemma.length() - 1) + "ies" : lemma + "s";
            case GERUND -> lemma.endsWith("ie") ? lemma.substring(0, lemma.length() - 2) + "ying"
                    : lemma.matches(".*[^aeioy]e") ? lemma.substring(0, lemma.length() - 1) + "ing"
                    : doubles(lemma) ? null : lemma + "ing";
            case PAST -> lemma.endsWith("e") ? lemma + "d"
                    : lemma.matches(".*[^aeiou]y") ? lemma.substring(0, lemma.length() - 1) + "ied"
                    : doubles(lemma) ? null : lemma + "ed";
        };
    }

    /** Consonant-vowel-consonant endings may double their last letter ({@code stop → stopped}): not decided here. */
    private static boolean doubles(String lemma) {
        return lemma.matches(".*[^aeiou][aeiou][^aeiouwxy]");
    }

    /** The lemmas with irregular forms, by part of speech (WordNet's exception lists). */
    private static Map<Pos, Set<String>> irregular() {
        if (irregular == null) {
            synchronized (Inflection.class) {
                if (irregular == null) {
                    Map<Pos, Set<String>> out = new EnumMap<>(Pos.class);
                    for (Pos pos : Pos.values()) {
                        Set<String> bases = new HashSet<>();
                        try {
                            Iterator<Exc> it = WordNetSource.dictionary().getExceptionIterator(pos.wordnet);
                            while (it.hasNext()) {
                                bases.addAll(it.next().getExceptions());
                            }
                        } catch (JWNLException e) {
                            throw new IllegalStateException("WordNet's exception lists could not be read", e);
                        }
                        out.put(pos, Set.copyOf(bases));
                    }
                    irregular = out;
                }
            }
        }
        return irregular;
    }
}
