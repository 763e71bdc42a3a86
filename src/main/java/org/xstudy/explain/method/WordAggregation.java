package org.xstudy.explain.method;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.explain.TokenScore;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Piece;
import org.xstudy.model.Word;

/**
 * Sums subword-piece scores into word scores, so the total over words equals the total over pieces: a piece that
 * spans several words (word-level and byte-level tokenizers) gives each of them an equal share of its score.
 */
public final class WordAggregation {

    private WordAggregation() {}

    public static List<TokenScore> toWords(Encoding encoding, double[] pieceScores) {
        List<Word> words = encoding.words();
        double[] sums = new double[words.size()];
        List<Piece> pieces = encoding.pieces();
        for (int p = 0; p < pieces.size(); p++) {
            Piece piece = pieces.get(p);
            for (int w = piece.word(); w >= 0 && w <= piece.lastWord() && w < sums.length; w++) {
                sums[w] += pieceScores[p] / piece.wordCount();
            }
        }
        return withScores(words, sums);
    }

    /** Pairs each word with its score. */
    public static List<TokenScore> withScores(List<Word> words, double[] scores) {
        List<TokenScore> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            out.add(new TokenScore(w.text(), w.start(), w.end(), scores[i]));
        }
        return out;
    }
}
