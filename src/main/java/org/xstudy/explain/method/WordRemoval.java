package org.xstudy.explain.method;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.Word;
import org.xstudy.model.WordMaskClassifier;
import org.xstudy.model.tokens.Words;

/**
 * The one definition of "removing words" shared by every perturbation method and every faithfulness score: a
 * removed word's characters are cut out of the original text, every other character (spacing and punctuation
 * that is not a word) stays, then runs of whitespace collapse to one space and the ends are trimmed
 * ({@link Words#cut}). Removing all words can leave an empty text, which models must accept.
 *
 * <p>An instance binds one text, its words and the explained class, and sends every perturbation of the text to
 * the model in one batched {@link TextClassifier#predictProba} call.
 */
public final class WordRemoval {

    private final TextClassifier model;
    private final String text;
    private final List<Word> words;
    private final int target;

    public WordRemoval(TextClassifier model, String text, int target) {
        this.model = model;
        this.text = text;
        this.words = model.words(text);
        this.target = target;
    }

    public List<Word> words() {
        return words;
    }

    public int size() {
        return words.size();
    }

    /** The text with only the words whose flag is set. */
    public String keep(boolean[] kept) {
        return keep(text, words, kept);
    }

    /** The text with only the words whose flag is set (see the class comment for what removal means). */
    public static String keep(String text, List<Word> words, boolean[] kept) {
        return Words.cut(text, words, kept);
    }

    /**
     * The target-class probability of each perturbation, in one batched model call. A {@link WordMaskClassifier}
     * gets the masks and drops the removed words' token ids itself; other models get the cut texts.
     */
    public double[] probabilities(List<boolean[]> keeps) {
        double[][] proba;
        if (model instanceof WordMaskClassifier masking) {
            proba = masking.predictProbaKeeping(text, keeps);
        } else {
            List<String> texts = new ArrayList<>(keeps.size());
            for (boolean[] k : keeps) {
                texts.add(keep(k));
            }
            proba = model.predictProba(texts);
        }
        double[] out = new double[keeps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = proba[i][target];
        }
        return out;
    }

    /** The target-class output of each perturbation as probability or log-odds, in one batched call. */
    public double[] outputs(List<boolean[]> keeps, boolean logOdds) {
        double[] p = probabilities(keeps);
        if (logOdds) {
            for (int i = 0; i < p.length; i++) {
                p[i] = logOdds(p[i]);
            }
        }
        return p;
    }

    /** {@code log(p / (1 − p))}, with p clamped to [1e-12, 1 − 1e-12]. */
    public static double logOdds(double p) {
        double q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
        return Math.log(q / (1 - q));
    }

    /** A mask keeping every word. */
    public boolean[] all() {
        boolean[] k = new boolean[words.size()];
        java.util.Arrays.fill(k, true);
        return k;
    }
}
