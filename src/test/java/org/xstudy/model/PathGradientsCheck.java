package org.xstudy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Gradient;
import org.xstudy.model.DifferentiableClassifier.PathGradients;

/**
 * Checks a model's {@code pathGradients} against the sum written out here from its point-by-point {@code gradients}:
 * two inputs (the text's embeddings and a scaled copy) along their paths to the model's baseline, 11 points each
 * with unequal weights.
 */
public final class PathGradientsCheck {

    private PathGradientsCheck() {
    }

    public static void assertMatchesPointByPoint(DifferentiableClassifier model, String text, int target) {
        Encoding encoding = model.encode(text);
        double[][] x = model.embeddings(encoding);
        double[][] scaled = new double[x.length][];
        for (int p = 0; p < x.length; p++) {
            scaled[p] = new double[x[p].length];
            for (int d = 0; d < x[p].length; d++) {
                scaled[p][d] = 0.8 * x[p][d] + 0.01 * ((p * 31 + d) % 7 - 3);
            }
        }
        double[][] base = model.baseline(encoding);
        List<double[][]> inputs = List.of(x, scaled);
        double[] alphas = new double[11];
        double[] weights = new double[11];
        for (int k = 0; k < 11; k++) {
            alphas[k] = k / 10.0;
            weights[k] = 0.01 + 0.003 * k;
        }
        List<PathGradients> got = model.pathGradients(encoding, inputs, List.of(base, base), alphas, weights, target);
        assertEquals(2, got.size());
        for (int i = 0; i < 2; i++) {
            List<double[][]> points = new ArrayList<>();
            for (double a : alphas) {
                points.add(PathGradients.interpolate(base, inputs.get(i), a));
            }
            List<Gradient> grads = model.gradients(encoding, points, target);
            double scale = 1e-12;
            double[][] want = new double[x.length][x[0].length];
            for (int k = 0; k < alphas.length; k++) {
                assertEquals(grads.get(k).output(), got.get(i).outputs()[k],
                        1e-5 * Math.max(1, Math.abs(grads.get(k).output())), "F at point " + k + " of input " + i);
                for (int p = 0; p < x.length; p++) {
                    for (int d = 0; d < x[p].length; d++) {
                        want[p][d] += weights[k] * grads.get(k).grad()[p][d];
                        scale = Math.max(scale, Math.abs(want[p][d]));
                    }
                }
            }
            double[][] sum = got.get(i).weightedSum();
            assertEquals(x.length, sum.length);
            for (int p = 0; p < x.length; p++) {
                for (int d = 0; d < x[p].length; d++) {
                    assertEquals(want[p][d], sum[p][d], 1e-5 * scale, "input " + i + ", piece " + p + ", dim " + d);
                }
            }
        }
    }
}
