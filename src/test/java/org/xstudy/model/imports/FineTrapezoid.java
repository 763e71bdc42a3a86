package org.xstudy.model.imports;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Gradient;

/**
 * A reference Integrated Gradients for tests and benchmarks: the trapezoid rule over {@code steps} equal intervals
 * from the model's own baseline, computed here from the model's gradients (in batches of 251 points), with word
 * scores summed from pieces as the methods do.
 *
 * @param words the word scores
 * @param gap its own completeness gap {@code |Σ scores − (F(x) − F(x'))|}
 */
public record FineTrapezoid(double[] words, double gap) {

    private static final int CHUNK = 251;

    public static FineTrapezoid of(DifferentiableClassifier d, String text, int target, int steps) {
        Encoding e = d.encode(text);
        double[][] x = d.embeddings(e);
        double[][] b = d.baseline(e);
        double[][] sum = new double[x.length][x.length == 0 ? 0 : x[0].length];
        double fx = 0;
        double fb = 0;
        for (int from = 0; from <= steps; from += CHUNK) {
            List<double[][]> batch = new ArrayList<>();
            for (int k = from; k <= Math.min(steps, from + CHUNK - 1); k++) {
                double alpha = (double) k / steps;
                double[][] at = new double[x.length][];
                for (int p = 0; p < x.length; p++) {
                    at[p] = new double[x[p].length];
                    for (int q = 0; q < x[p].length; q++) {
                        at[p][q] = b[p][q] + alpha * (x[p][q] - b[p][q]);
                    }
                }
                batch.add(at);
            }
            List<Gradient> grads = d.gradients(e, batch, target);
            for (int i = 0; i < grads.size(); i++) {
                int k = from + i;
                double w = (k == 0 || k == steps ? 0.5 : 1.0) / steps;
                fb = k == 0 ? grads.get(i).output() : fb;
                fx = k == steps ? grads.get(i).output() : fx;
                for (int p = 0; p < x.length; p++) {
                    for (int q = 0; q < x[p].length; q++) {
                        sum[p][q] += w * grads.get(i).grad()[p][q];
                    }
                }
            }
        }
        double[] words = new double[e.words().size()];
        double total = 0;
        for (int p = 0; p < x.length; p++) {
            double piece = 0;
            for (int q = 0; q < x[p].length; q++) {
                piece += (x[p][q] - b[p][q]) * sum[p][q];
            }
            total += piece;
            var pc = e.pieces().get(p);
            for (int w = pc.word(); w >= 0 && w <= pc.lastWord(); w++) {
                words[w] += piece / pc.wordCount();
            }
        }
        return new FineTrapezoid(words, Math.abs(total - (fx - fb)));
    }

    /** The largest absolute difference between these word scores and {@code scores}. */
    public double maxDifference(double[] scores) {
        double worst = 0;
        for (int w = 0; w < words.length; w++) {
            worst = Math.max(worst, Math.abs(words[w] - scores[w]));
        }
        return worst;
    }
}
