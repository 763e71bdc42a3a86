package org.xstudy.represent.check;

import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.POS;
import org.xstudy.represent.counterfactual.WordNetSource;

/**
 * Lemmas of English words from WordNet 3.1's morphology (extJWNL): "twists" and "twisted" both give "twist", "films"
 * gives "film". A word's lemmas are its base forms for every part of speech plus the lower-cased word itself, so
 * two words are the same word when their lemma sets meet.
 */
public final class Lemmas {

    private static final Map<String, Set<String>> CACHE = new ConcurrentHashMap<>();

    private Lemmas() {}

    /** The lower-cased word and its WordNet base forms (possessive "'s" removed). */
    public static Set<String> of(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replaceAll("'s$", "");
        return CACHE.computeIfAbsent(w, Lemmas::lookup);
    }

    /** True if the two words share a lemma. */
    public static boolean same(String a, String b) {
        Set<String> x = of(a);
        return of(b).stream().anyMatch(x::contains);
    }

    private static Set<String> lookup(String w) {
        Set<String> forms = new HashSet<>();
        forms.add(w);
        if (!w.matches("[a-z][a-z'-]*")) {
            return Collections.unmodifiableSet(forms);
        }
        try {
            for (POS pos : POS.getAllPOS()) {
                for (String base : WordNetSource.dictionary().getMorphologicalProcessor().lookupAllBaseForms(pos, w)) {
                    forms.add(base.toLowerCase(Locale.ROOT));
                }
            }
        } catch (JWNLException e) {
            // the word itself remains
        }
        return Collections.unmodifiableSet(forms);
    }
}
