package org.xstudy.model;

import java.util.ArrayList;
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
     * What a path method (Integrated Gradients) needs, in one batched call: for each input {@code x} and its base
     * {@code x'}, the points {@code x' + α_k (x − x')} for every {@code alphas[k]}, F at each point and the weighted
     * sum {@code Σ_k weights[k] ∇F(point k)}, {@code [pieces][dim]}. This default makes the points and calls
     * {@link #gradients}; a model whose tensors live elsewhere (libtorch) builds the points and sums the gradients
     * there, so that only the inputs and the sums cross into Java, not every point's gradient.
     */
    default List<PathGradients> pathGradients(Encoding encoding, List<double[][]> inputs, List<double[][]> bases,
            double[] alphas, double[] weights, int target) {
        int n = alphas.length;
        List<double[][]> points = new ArrayList<>(inputs.size() * n);
        for (int i = 0; i < inputs.size(); i++) {
            for (double alpha : alphas) {
                points.add(PathGradients.interpolate(bases.get(i), inputs.get(i), alpha));
            }
        }
        List<Gradient> grads = gradients(encoding, points, target);
        List<PathGradients> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            List<Gradient> own = grads.subList(i * n, (i + 1) * n);
            double[][] input = inputs.get(i);
            double[][] sum = new double[input.length][];
            double[] outputs = new double[n];
            for (int p = 0; p < input.length; p++) {
                sum[p] = new double[input[p].length];
            }
            for (int k = 0; k < n; k++) {
                double[][] g = own.get(k).grad();
                outputs[k] = own.get(k).output();
                for (int p = 0; p < input.length; p++) {
                    for (int d = 0; d < input[p].length; d++) {
                        sum[p][d] += weights[k] * g[p][d];
                    }
                }
            }
            out.add(new PathGradients(outputs, sum));
        }
        return out;
    }

    /** F at each point of a path ({@code outputs[k]} at {@code alphas[k]}) and the weighted sum of the gradients. */
    record PathGradients(double[] outputs, double[][] weightedSum) {

        /** {@code from + alpha (to − from)}, row by row. */
        public static double[][] interpolate(double[][] from, double[][] to, double alpha) {
            double[][] out = new double[to.length][];
            for (int p = 0; p < to.length; p++) {
                out[p] = new double[to[p].length];
                for (int d = 0; d < to[p].length; d++) {
                    out[p][d] = from[p][d] + alpha * (to[p][d] - from[p][d]);
                }
            }
            return out;
        }
    }

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
