package org.xstudy.explain.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.GradientTimesInput;
import org.xstudy.explain.method.Occlusion;
import org.xstudy.explain.method.Params;
import org.xstudy.explain.method.Placebo;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.RandomisableModel;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.Word;

/**
 * The sanity check's statistics on a model whose attributions are known in closed form, and the reasons it gives
 * where it does not run.
 */
class ModelRandomisationClosedFormTest {

    /**
     * Gradient×input on {@code F_c = w_c · Σ x_word}: word i scores {@code x_i · w_t}. The original
     * {@code x = (1, 2, 3, 4)}, {@code w_1 = 1} gives (1, 2, 3, 4). Randomising the head to {@code w_1 = -2} gives
     * (-2, -4, -6, -8): signed rho = -1, absolute rho = 1. Randomising the embeddings too, to
     * {@code x = (2, 1, 4, 3)}, gives (-4, -2, -8, -6): rank differences 1, 1, 1, 1, so
     * rho = 1 - 6 · 4 / (4 · 15) = 0.6 for the absolute scores and -0.6 for the signed ones; score 1 - 0.6.
     */
    @Test
    void correlationsOfAKnownCascade() {
        RandomisableLinear model = new RandomisableLinear(new double[] {1, 2, 3, 4}, new double[] {-1, 1}, false);
        AttributionMethod m = new GradientTimesInput();
        Params params = m.resolve(Map.of());
        double[] original = m.attribute(model, LinearModel.TEXT, 1, params).scores();
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), java.util.Arrays.stream(original).boxed().toList());

        ModelRandomisation r = ModelRandomisation.check(m, params, model, LinearModel.TEXT, 1, original, 6);
        assertTrue(r.checked());
        assertEquals(2, r.layers());
        assertEquals(List.of("head", "embeddings"), r.steps().stream().map(ModelRandomisation.Step::layer).toList());
        assertEquals(-1.0, r.steps().get(0).spearman(), 1e-12);
        assertEquals(1.0, r.steps().get(0).spearmanAbs(), 1e-12);
        assertEquals(-0.6, r.steps().get(1).spearman(), 1e-12);
        assertEquals(0.6, r.steps().get(1).spearmanAbs(), 1e-12);
        assertEquals(0.4, r.score(), 1e-12);

        ModelRandomisation headOnly = ModelRandomisation.check(m, params, model, LinearModel.TEXT, 1, original, 1);
        assertEquals(1, headOnly.steps().size());
        assertEquals(2, headOnly.layers());
        assertEquals(0.0, headOnly.score(), 1e-12, "a sign flip keeps the ranking: the check fails it");
    }

    @Test
    void whereTheCheckDoesNotRunItSaysWhy() {
        RandomisableLinear model = new RandomisableLinear(new double[] {1, 2, 3, 4}, new double[] {-1, 1}, false);
        AttributionMethod occlusion = new Occlusion();
        Params p = occlusion.resolve(Map.of());
        double[] scores = occlusion.attribute(model, LinearModel.TEXT, 1, p).scores();
        assertReason(ModelRandomisation.check(occlusion, p, model, LinearModel.TEXT, 1, scores, 6),
                "Perturbation methods are checked on models without gradients only");

        Placebo placebo = new Placebo(id -> occlusion, List.of("occlusion"));
        Params pp = placebo.resolve(Map.of());
        assertReason(ModelRandomisation.check(placebo, pp, model, LinearModel.TEXT, 1, scores, 6),
                "its correlation would equal the source method's");

        AttributionMethod gxi = new GradientTimesInput();
        Params pg = gxi.resolve(Map.of());
        assertReason(ModelRandomisation.check(gxi, pg, model, LinearModel.TEXT, 1, scores, 0), "turned off");

        TextClassifier fixed = new LinearModel(new double[] {1, 2, 3, 4}, new double[] {-1, 1});
        assertReason(ModelRandomisation.check(gxi, pg, fixed, LinearModel.TEXT, 1, scores, 6),
                "cannot be re-initialised by xstudy");

        RandomisableLinear broken = new RandomisableLinear(new double[] {1, 2, 3, 4}, new double[] {-1, 1}, true);
        assertReason(ModelRandomisation.check(gxi, pg, broken, LinearModel.TEXT, 1, scores, 6),
                "The check failed on a randomised copy of the model: no copy");
    }

    private static void assertReason(ModelRandomisation r, String part) {
        assertFalse(r.checked());
        assertNull(r.score());
        assertTrue(r.steps().isEmpty());
        assertTrue(r.reason().contains(part), r.reason());
    }

    /** {@code F_c = w_c · Σ_i x_i} over the words of {@link #TEXT}, one 1-dimensional embedding per word. */
    private static class LinearModel implements DifferentiableClassifier {

        static final String TEXT = "a b c d";
        final double[] x;
        final double[] w;

        LinearModel(double[] x, double[] w) {
            this.x = x;
            this.w = w;
        }

        @Override
        public String id() {
            return "linear";
        }

        @Override
        public List<String> labels() {
            return List.of("negative", "positive");
        }

        @Override
        public List<Word> words(String text) {
            List<Word> out = new ArrayList<>();
            for (int i = 0; i < text.length(); i += 2) {
                out.add(new Word(text.substring(i, i + 1), i, i + 1));
            }
            return out;
        }

        @Override
        public double[][] predictProba(List<String> texts) {
            double[][] out = new double[texts.size()][];
            for (int t = 0; t < out.length; t++) {
                double sum = 0;
                for (Word word : words(texts.get(t))) {
                    sum += x[word.text().charAt(0) - 'a'];
                }
                double l0 = w[0] * sum;
                double l1 = w[1] * sum;
                double p1 = 1 / (1 + Math.exp(l0 - l1));
                out[t] = new double[] {1 - p1, p1};
            }
            return out;
        }

        @Override
        public Encoding encode(String text) {
            List<Word> words = words(text);
            List<Piece> pieces = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                pieces.add(new Piece(words.get(i).text(), words.get(i).start(), words.get(i).end(), i));
            }
            return new Encoding(text, pieces, words);
        }

        @Override
        public double[][] embeddings(Encoding encoding) {
            return encoding.words().stream().map(word -> new double[] {x[word.text().charAt(0) - 'a']})
                    .toArray(double[][]::new);
        }

        @Override
        public double[][] baseline(Encoding encoding) {
            return new double[encoding.pieces().size()][1];
        }

        @Override
        public List<Gradient> gradients(Encoding encoding, List<double[][]> batch, int target) {
            List<Gradient> out = new ArrayList<>();
            for (double[][] e : batch) {
                double sum = 0;
                double[][] g = new double[e.length][1];
                for (int p = 0; p < e.length; p++) {
                    sum += e[p][0];
                    g[p][0] = w[target];
                }
                out.add(new Gradient(w[target] * sum, g));
            }
            return out;
        }
    }

    /**
     * The linear model with two layers that can be randomised: its copies replace the head by
     * {@code w = (3, -2)}, then the embeddings by {@code (2, 1, 4, 3)}; or fail to be made at all.
     */
    private static final class RandomisableLinear extends LinearModel implements RandomisableModel {

        private final boolean failsToCopy;

        RandomisableLinear(double[] x, double[] w, boolean failsToCopy) {
            super(x, w);
            this.failsToCopy = failsToCopy;
        }

        @Override
        public List<String> layersTopDown() {
            return List.of("head", "embeddings");
        }

        @Override
        public TextClassifier randomised(int layers, long seed) {
            if (failsToCopy) {
                throw new IllegalStateException("no copy");
            }
            return new LinearModel(layers >= 2 ? new double[] {2, 1, 4, 3} : x,
                    layers >= 1 ? new double[] {3, -2} : w);
        }
    }
}
