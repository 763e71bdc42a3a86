package org.xstudy.explain;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.explain.ClosedFormModels.EmbeddingModel;
import org.xstudy.model.DifferentiableClassifier;

/**
 * A ReLU network with a closed-form Integrated Gradients: the pieces and embeddings of {@link EmbeddingModel}, and
 * class c's logit {@code F_c = ±(u·Σ_p e_p + Σ_p Σ_k v_k relu(W_k·e_p + c_k))}. Along the straight path from the zero
 * baseline each unit's input {@code α W_k·x_p + c_k} changes sign at most once, so the path derivative is piecewise
 * constant with one kink per unit and piece that switches, as in a ReLU CNN, and the exact integral is
 * {@code IG_pd = x_pd (u_d + Σ_k v_k W_kd · (share of [0, 1] where unit k of piece p is on))}.
 */
final class ReluModel implements DifferentiableClassifier, ClosedFormModels.WhitespaceBinary {

    private static final double[] U = {0.3, -0.1, 0.2};
    private static final double[][] W = {{1.2, -0.7, 0.4}, {-0.9, 1.1, 0.3}, {0.5, 0.8, -1.3}, {-1.4, -0.2, 0.9},
        {0.7, 0.6, 0.8}, {-0.3, 1.5, -0.6}, {1.0, -1.2, -0.4}, {0.2, 0.4, 1.6}};
    private static final double[] C = {-0.2, 0.3, -0.5, 0.1, -0.7, 0.25, -0.05, -0.4};
    private static final double[] V = {1.1, -0.8, 0.9, -1.3, 0.6, 1.4, -0.7, 0.5};

    private final EmbeddingModel pieces = new EmbeddingModel("relu-pieces");

    @Override
    public String id() {
        return "relu";
    }

    @Override
    public Encoding encode(String text) {
        return pieces.encode(text);
    }

    @Override
    public double[][] embeddings(Encoding encoding) {
        return pieces.embeddings(encoding);
    }

    @Override
    public double[][] baseline(Encoding encoding) {
        return new double[encoding.pieces().size()][3];
    }

    /** The logit of class c. */
    double logit(double[][] e, int c) {
        double f = 0;
        for (double[] row : e) {
            for (int d = 0; d < 3; d++) {
                f += U[d] * row[d];
            }
            for (int k = 0; k < W.length; k++) {
                f += V[k] * Math.max(0, dot(W[k], row) + C[k]);
            }
        }
        return c == 1 ? f : -f;
    }

    @Override
    public List<Gradient> gradients(Encoding encoding, List<double[][]> batch, int target) {
        double sign = target == 1 ? 1 : -1;
        List<Gradient> out = new ArrayList<>(batch.size());
        for (double[][] e : batch) {
            double[][] g = new double[e.length][3];
            for (int p = 0; p < e.length; p++) {
                for (int d = 0; d < 3; d++) {
                    g[p][d] = sign * U[d];
                }
                for (int k = 0; k < W.length; k++) {
                    if (dot(W[k], e[p]) + C[k] > 0) {
                        for (int d = 0; d < 3; d++) {
                            g[p][d] += sign * V[k] * W[k][d];
                        }
                    }
                }
            }
            out.add(new Gradient(logit(e, target), g));
        }
        return out;
    }

    /** The exact Integrated Gradients of class c from the zero baseline, summed per word. */
    double[] exactWordScores(Encoding encoding, int c) {
        double[][] x = embeddings(encoding);
        double[] words = new double[encoding.words().size()];
        for (int p = 0; p < x.length; p++) {
            double piece = 0;
            for (int d = 0; d < 3; d++) {
                double slope = U[d];
                for (int k = 0; k < W.length; k++) {
                    slope += V[k] * W[k][d] * onShare(dot(W[k], x[p]), C[k]);
                }
                piece += x[p][d] * slope;
            }
            words[encoding.pieces().get(p).word()] += c == 1 ? piece : -piece;
        }
        return words;
    }

    /** The share of α in [0, 1] where {@code α s + c > 0}. */
    private static double onShare(double s, double c) {
        if (s == 0) {
            return c > 0 ? 1 : 0;
        }
        double root = -c / s;
        return s > 0 ? Math.min(1, Math.max(0, 1 - root)) : Math.min(1, Math.max(0, root));
    }

    @Override
    public double[][] predictProba(List<String> texts) {
        double[][] out = new double[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            double p = ClosedFormModels.sigmoid(2 * logit(embeddings(encode(texts.get(i))), 1));
            out[i] = new double[] {1 - p, p};
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
