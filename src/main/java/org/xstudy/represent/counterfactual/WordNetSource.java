package org.xstudy.represent.counterfactual;

import java.util.ArrayList;
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
 * Substitutes from WordNet 3.1 (extJWNL, offline): direct antonyms of every sense of the word, then indirect
 * antonyms (antonyms of the head adjectives its satellite senses are similar to), then synonyms. Single words only.
 */
public final class WordNetSource implements SubstitutionSource {

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

    @Override
    public List<Substitute> substitutes(String word) {
        Map<String, String> found = new LinkedHashMap<>();
        List<String> synonyms = new ArrayList<>();
        try {
            for (IndexWord index : dictionary().lookupAllIndexWords(word).getIndexWordArray()) {
                for (Synset sense : index.getSenses()) {
                    for (Word w : sense.getWords()) {
                        if (w.getLemma().equalsIgnoreCase(index.getLemma())) {
                            antonyms(w, "wordnet-antonym", found);
                        } else {
                            synonyms.add(w.getLemma());
                        }
                    }
                    for (Pointer similar : sense.getPointers(PointerType.SIMILAR_TO)) {
                        for (Word head : similar.getTargetSynset().getWords()) {
                            antonyms(head, "wordnet-indirect-antonym", found);
                        }
                    }
                }
            }
        } catch (JWNLException e) {
            return List.of();
        }
        synonyms.forEach(s -> found.putIfAbsent(s, "wordnet-synonym"));
        return found.entrySet().stream()
                .filter(e -> e.getKey().matches("[\\p{L}'-]+") && !e.getKey().equalsIgnoreCase(word))
                .limit(limit).map(e -> new Substitute(e.getKey(), e.getValue())).toList();
    }

    private static void antonyms(Word w, String source, Map<String, String> found) throws JWNLException {
        for (Pointer p : w.getPointers(PointerType.ANTONYM)) {
            if (p.getTarget() instanceof Word target) {
                found.putIfAbsent(target.getLemma(), source);
            }
        }
    }
}
