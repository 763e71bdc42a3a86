package org.xstudy.model;

import java.util.List;

/**
 * A classifier that scores word-removal perturbations of one text from that text's tokenization: it tokenizes the
 * text once and drops the removed words' token ids, instead of tokenizing every perturbed string. The result must
 * equal {@link #predictProba} of the perturbed strings (the words of {@link #words} cut out of the text, as the
 * perturbation methods define removal).
 */
public interface WordMaskClassifier extends TextClassifier {

    /** Class probabilities of {@code text} keeping only the words whose flag is set, one row per mask. */
    double[][] predictProbaKeeping(String text, List<boolean[]> keeps);
}
