package org.xstudy.represent.counterfactual;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * Substitutes from WordNet 3.1 (extJWNL, offline) for a lemma in the part of speech the tagger gave it: direct
 * antonyms of its {@value #ANTONYM_SENSES} most frequent senses, then indirect antonyms (antonyms of the head
 * adjectives those senses are similar to), then the synonyms of its most frequent sense only, and of those only the
 * ones seen in WordNet's sense-tagged corpus (use count above 0, which leaves out "histrion" for "actor"), so rare
 * senses ("a" → "angstrom", "work" → "workplace") and rare words are never proposed.
 */
public final class WordNetSource implements SubstitutionSource {

    static final int ANTONYM_SENSES = 3;
    private static volatile Dictionary dictionary;
    private final int limit;

    public WordNetSource(int limit) {
        this.limit = limit;
    }

    /** The WordNet 3.1 dictionary, loaded once. */
    public static Dictionary dictionary() {
        if (dictionary == null) {
            synchronized (WordNetSource.class) {
                if (dictionary == null) {
                    try {
                        dictionary = Dictionary.getDefaultResourceInstance();
                    } catch (JWNLException e) {
                        throw new IllegalStateException("WordNet could not be loaded", e);
                    }
                }
            }
        }
        return dictionary;
    }

    /** True when {@code word} is itself a WordNet lemma of {@code pos} (not only an inflection of one). */
    static boolean isLemma(Pos pos, String word) {
        try {
            return dictionary().getIndexWord(pos.wordnet, word) != null;
        } catch (JWNLException e) {
            return false;
        }
    }

    @Override
    public List<Substitute> substitutes(String lemma, Pos pos) {
        Map<String, String> found = new LinkedHashMap<>();
        try {
            IndexWord index = dictionary().getIndexWord(pos.wordnet, lemma);
            if (index == null) {
                return List.of();
            }
            List<Synset> senses = index.getSenses();
            for (Synset sense : senses.subList(0, Math.min(ANTONYM_SENSES, senses.size()))) {
                for (Word w : sense.getWords()) {
                    if (w.getLemma().equalsIgnoreCase(index.getLemma())) {
                        antonyms(w, "wordnet-antonym", found);
                    }
                }
                for (Pointer similar : sense.getPointers(PointerType.SIMILAR_TO)) {
                    for (Word head : similar.getTargetSynset().getWords()) {
                        antonyms(head, "wordnet-indirect-antonym", found);
                    }
                }
            }
            if (!senses.isEmpty()) {
                senses.get(0).getWords().stream().filter(w -> w.getUseCount() > 0)
                        .forEach(w -> found.putIfAbsent(w.getLemma(), "wordnet-synonym"));
            }
        } catch (JWNLException e) {
            return List.of();
        }
        return found.entrySet().stream()
                .filter(e -> e.getKey().matches(EditChoices.WORD) && !e.getKey().equals(lemma)).limit(limit)
                .map(e -> new Substitute(e.getKey(), e.getValue())).toList();
    }

    private static void antonyms(Word w, String source, Map<String, String> found) throws JWNLException {
        for (Pointer p : w.getPointers(PointerType.ANTONYM)) {
            if (p.getTarget() instanceof Word target) {
                found.putIfAbsent(target.getLemma(), source);
            }
        }
    }
}
