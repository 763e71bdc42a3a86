package org.xstudy.model;

import java.util.List;

/**
 * A classifier that can run forward and backward from its input embeddings, which is what the gradient
 * attribution methods need. The differentiated output F is the target class's logit (pre-softmax score).
 */
public interface DifferentiableClassifier extends TextClassifier {

    /** The subword pieces of a text, each mapped to the word it belongs to. */
    Encoding encode(String text);

    /** The input embeddings of an encoding, {@code [pieces][dim]}. */
    double[][] embeddings(Encoding encoding);

    /** The reference input for path methods (e.g. all padding-token embeddings), same shape as the input. */
    double[][] baseline(Encoding encoding);

    /**
     * Runs the model on a batch of embedding matrices of the encoding's shape, in one batched call, and returns
     * for each the target logit and its gradient with respect to the embeddings.
     */
    List<Gradient> gradients(Encoding encoding, List<double[][]> embeddingBatch, int target);

    /**
     * One subword piece with its character offsets and the words it covers: {@code word} to {@code lastWord}
     * (inclusive) in {@link Encoding#words()}. A BERT-style piece lies inside one word ({@code word == lastWord});
     * a piece of a word-level or byte-level tokenizer may span several (as {@code jean-claud} spans {@code jean},
     * {@code -} and {@code claud}), and its score is then split equally among them (see docs/models.md).
     * {@code word} is -1 only when the text has no word.
     */
    record Piece(String text, int start, int end, int word, int lastWord) {

        /** A piece inside one word. */
        public Piece(String text, int start, int end, int word) {
            this(text, start, end, word, word);
        }

        /** How many words the piece covers (0 when the text has no word). */
        public int wordCount() {
            return word < 0 ? 0 : lastWord - word + 1;
        }
    }

    /** The pieces of a text and the words they group into. */
    record Encoding(String text, List<Piece> pieces, List<Word> words) {}

    /** F at one input and dF/dE, {@code [pieces][dim]}. */
    record Gradient(double output, double[][] grad) {}
}
