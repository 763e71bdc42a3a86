package org.xstudy.represent.counterfactual;

import java.util.List;

/** Proposes replacement words for a word of the input, most likely to change its meaning first. */
public interface SubstitutionSource {

    /** A replacement lemma and where it came from, e.g. {@code wordnet-antonym}. */
    record Substitute(String word, String source) {}

    /** Replacements for a lower-cased lemma used as {@code pos}; empty when the source knows none. */
    List<Substitute> substitutes(String lemma, Pos pos);
}
