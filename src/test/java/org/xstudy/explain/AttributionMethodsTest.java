package org.xstudy.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xstudy.explain.ClosedFormModels.BagOfWordsLogistic;
import org.xstudy.explain.ClosedFormModels.EmbeddingModel;
import org.xstudy.explain.ClosedFormModels.LinearProbability;
import org.xstudy.explain.method.Attribution;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.GradientMethod;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.explain.method.ParamSpec;
import org.xstudy.explain.method.Params;
import org.xstudy.explain.method.UnsupportedModelException;
import org.xstudy.explain.method.WordRemoval;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.Word;

/** Every attribution method, run on closed-form models whose right answers are known. */
class AttributionMethodsTest {

    static final MethodCatalog CATALOG = new MethodCatalog();
    static final Map<String, Double> WEIGHTS = Map.of("good", 1.2, "great", 2.0, "bad", -1.5, "dull", -0.7,
            "movie", 0.1, "plot", -0.2, "the", 0.0, "acting", 0.4, "wonderful", 1.6);
    static final BagOfWordsLogistic LOGISTIC = new BagOfWordsLogistic("bow", WEIGHTS, 0.3);
    static final Map<String, Double> LINEAR_WEIGHTS = Map.of("a", 0.08, "b", -0.06, "c", 0.05, "d", -0.03,
            "e", 0.02, "f", 0.01, "g", -0.01, "h", 0.04);
    static final LinearProbability LINEAR = new LinearProbability("linear", LINEAR_WEIGHTS, 0.5);
    static final EmbeddingModel EMBEDDING = new EmbeddingModel("emb");
    static final String SENTENCE = "the wonderful acting saves a dull plot";

    static Stream<Arguments> methodsAndModels() {
        List<Arguments> out = new ArrayList<>();
        for (AttributionMethod m : CATALOG.all()) {
            for (TextClassifier model : List.of(LOGISTIC, LINEAR, EMBEDDING)) {
                if (!m.needsGradients() || model == EMBEDDING) {
                    out.add(Arguments.of(m.id(), model));
                }
            }
        }
        return out.stream();
    }

    static Stream<String> gradientMethods() {
        return CATALOG.all().stream().filter(AttributionMethod::needsGradients).map(AttributionMethod::id);
    }

    static AttributionMethod method(String id) {
        return CATALOG.find(id).orElseThrow();
    }

    static Attribution run(String id, TextClassifier model, String text, int target, Map<String, ?> params) {
        AttributionMethod m = method(id);
        return m.attribute(model, text, target, m.resolve(params));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("methodsAndModels")
    void sameSeedSameResultOneScorePerWordAndParamsRecorded(String id, TextClassifier model) {
        Attribution a = run(id, model, SENTENCE, 1, Map.of());
        Attribution b = run(id, model, SENTENCE, 1, Map.of());
        assertArrayEquals(a.scores(), b.scores(), 0.0);
        List<Word> words = model.words(SENTENCE);
        assertEquals(words.size(), a.words().size());
        for (int i = 0; i < words.size(); i++) {
            assertEquals(words.get(i).start(), a.words().get(i).start());
            assertEquals(words.get(i).end(), a.words().get(i).end());
            assertEquals(words.get(i).text(), a.words().get(i).token());
            assertTrue(Double.isFinite(a.words().get(i).score()));
        }
        for (ParamSpec spec : method(id).params()) {
            assertEquals(spec.defaultValue(), a.params().asMap().get(spec.name()), spec.name());
        }
        Attribution other = run(id, model, SENTENCE, 0, Map.of());
        assertEquals(words.size(), other.words().size());
    }

    @ParameterizedTest
    @MethodSource("gradientMethods")
    void gradientMethodsRefuseAModelWithoutGradients(String id) {
        assertThrows(UnsupportedModelException.class, () -> run(id, LOGISTIC, SENTENCE, 1, Map.of()));
    }

    @ParameterizedTest
    @MethodSource("gradientMethods")
    void subwordScoresSumIntoWordsPreservingTheTotal(String id) {
        GradientMethod m = (GradientMethod) method(id);
        Params p = m.resolve(Map.of());
        Encoding enc = EMBEDDING.encode(SENTENCE);
        assertTrue(enc.pieces().size() > enc.words().size(), "the sentence must have words split into pieces");
        double[] pieces = m.attributePieces(EMBEDDING, enc, EMBEDDING.embeddings(enc), 1, p).pieceScores();
        Attribution words = m.attribute(EMBEDDING, SENTENCE, 1, p);
        double[] expected = new double[enc.words().size()];
        for (int i = 0; i < pieces.length; i++) {
            expected[enc.pieces().get(i).word()] += pieces[i];
        }
        assertArrayEquals(expected, words.scores(), 1e-12);
        assertEquals(Arrays.stream(pieces).sum(), words.total(), 1e-12);
    }

    @ParameterizedTest
    @MethodSource("gradientMethods")
    void batchedInputsGiveWhatEachInputGivesAlone(String id) {
        GradientMethod m = (GradientMethod) method(id);
        Params p = m.resolve(Map.of());
        Encoding enc = EMBEDDING.encode(SENTENCE);
        double[][] e = EMBEDDING.embeddings(enc);
        List<double[][]> inputs = new ArrayList<>();
        for (double scale : new double[] {1, 0.5, -0.25}) {
            double[][] x = new double[e.length][];
            for (int i = 0; i < e.length; i++) {
                x[i] = Arrays.stream(e[i]).map(v -> v * scale).toArray();
            }
            inputs.add(x);
        }
        List<GradientMethod.PieceAttribution> together = m.attributeAll(EMBEDDING, enc, inputs, 1, p);
        for (int k = 0; k < inputs.size(); k++) {
            GradientMethod.PieceAttribution alone = m.attributePieces(EMBEDDING, enc, inputs.get(k), 1, p);
            for (int i = 0; i < e.length; i++) {
                assertArrayEquals(alone.values()[i], together.get(k).values()[i], 1e-12);
            }
            assertEquals(alone.diagnostics(), together.get(k).diagnostics());
        }
    }

    @Test
    void integratedGradientsIsCompleteWithinOnePercentAtFiftySteps() {
        Encoding enc = EMBEDDING.encode(SENTENCE);
        double fx = EMBEDDING.logit(EMBEDDING.embeddings(enc), 1);
        double fb = EMBEDDING.logit(EMBEDDING.baseline(enc), 1);
        Attribution a = run("integrated_gradients", EMBEDDING, SENTENCE, 1, Map.of("rule", "trapezoid",
                "steps", 50));
        assertTrue(Math.abs(fx - fb) > 0.1);
        double gap = Math.abs(a.total() - (fx - fb));
        assertTrue(gap <= 0.01 * Math.abs(fx - fb), "gap " + gap + " vs " + Math.abs(fx - fb));
        assertEquals(gap, a.diagnostics().get("convergenceDelta"), 1e-9);
        Attribution coarse = run("integrated_gradients", EMBEDDING, SENTENCE, 1, Map.of("rule", "trapezoid",
                "steps", 1));
        assertTrue(coarse.diagnostics().get("convergenceDelta") > gap, "fewer steps must converge worse");
    }

    /**
     * On the closed-form model the path integral has a closed form: with baseline 0 and {@code s = b·Σx},
     * {@code IG_pd = x_pd (A_d + Q b_d tanh(s)/s + R x_pd)}. The Gauss–Legendre rule with 16 nodes (18 model
     * evaluations with the end points) matches it to 1e-9 per word; the 50-interval trapezoid (51 evaluations) is off
     * by far more.
     */
    @Test
    void gaussLegendreIntegratedGradientsEqualsTheExactIntegral() {
        Encoding enc = EMBEDDING.encode(SENTENCE);
        double[][] x = EMBEDDING.embeddings(enc);
        double[] a = {0.6, -0.2, 0.3};
        double q = 1.5;
        double r = 0.25;
        double[] b = {0.8, -0.5, 0.4};
        double s = 0;
        for (double[] row : x) {
            for (int d = 0; d < 3; d++) {
                s += b[d] * row[d];
            }
        }
        double[] exact = new double[enc.words().size()];
        for (int p = 0; p < x.length; p++) {
            for (int d = 0; d < 3; d++) {
                exact[enc.pieces().get(p).word()] += x[p][d] * (a[d] + q * b[d] * Math.tanh(s) / s + r * x[p][d]);
            }
        }
        Attribution gl = run("integrated_gradients", EMBEDDING, SENTENCE, 1, Map.of("rule", "gauss-legendre",
                "steps", 16));
        assertArrayEquals(exact, gl.scores(), 1e-9);
        assertTrue(gl.diagnostics().get("convergenceDelta") < 1e-9, gl.diagnostics().toString());
        Attribution trapezoid = run("integrated_gradients", EMBEDDING, SENTENCE, 1, Map.of("rule", "trapezoid",
                "steps", 50));
        double worst = 0;
        for (int w = 0; w < exact.length; w++) {
            worst = Math.max(worst, Math.abs(exact[w] - trapezoid.scores()[w]));
        }
        assertTrue(worst > 1e-6, "the trapezoid is the less accurate rule here: " + worst);
        assertTrue(worst < 1e-2, "and still close: " + worst);
    }

    @Test
    void gradientsEqualFiniteDifferences() {
        Encoding enc = EMBEDDING.encode(SENTENCE);
        double[][] x = EMBEDDING.embeddings(enc);
        Attribution abs = run("saliency", EMBEDDING, SENTENCE, 1, Map.of());
        Attribution gxi = run("gradient_x_input", EMBEDDING, SENTENCE, 1, Map.of());
        double[] fdAbs = new double[enc.words().size()];
        double[] fdTimesInput = new double[enc.words().size()];
        double h = 1e-6;
        for (int p = 0; p < x.length; p++) {
            for (int d = 0; d < x[p].length; d++) {
                double[][] up = deepCopy(x);
                double[][] down = deepCopy(x);
                up[p][d] += h;
                down[p][d] -= h;
                double g = (EMBEDDING.logit(up, 1) - EMBEDDING.logit(down, 1)) / (2 * h);
                int w = enc.pieces().get(p).word();
                fdAbs[w] += Math.abs(g);
                fdTimesInput[w] += g * x[p][d];
            }
        }
        assertArrayEquals(fdAbs, abs.scores(), 1e-6);
        assertArrayEquals(fdTimesInput, gxi.scores(), 1e-6);
    }

    /**
     * Saliency's scores are magnitudes, and so are SmoothGrad's over saliency and a placebo of either; every other
     * method is signed. The signed sum of saliency over embedding dimensions is refused (docs/methods.md).
     */
    @Test
    void everyMethodDeclaresWhetherItsScoresAreSignedAndSignedSaliencyIsRefused() {
        Map<String, Boolean> signedByDefault = new java.util.LinkedHashMap<>();
        CATALOG.all().forEach(m -> signedByDefault.put(m.id(), m.signed(m.resolve(Map.of()))));
        assertEquals(Map.of("saliency", false, "gradient_x_input", true, "integrated_gradients", true,
                "smoothgrad", false, "occlusion", true, "lime", true, "kernel_shap", true, "anchors", true,
                "placebo", true), signedByDefault);
        assertEquals(true, CATALOG.signed("smoothgrad", Map.of("base", "integrated_gradients")));
        assertEquals(false, CATALOG.signed("placebo", Map.of("source", "saliency")));
        assertEquals(false, CATALOG.signed("placebo", Map.of("source", "smoothgrad")));
        assertEquals(true, CATALOG.signed("no-such-method", Map.of()));
        for (Map<String, Object> params : List.<Map<String, Object>>of(Map.of("absolute", false),
                Map.of("base", "saliency", "absolute", false))) {
            String id = params.containsKey("base") ? "smoothgrad" : "saliency";
            var refused = assertThrows(org.xstudy.explain.method.InvalidParamException.class,
                    () -> method(id).resolve(params));
            assertTrue(refused.getMessage().contains("gradient_x_input"), refused.getMessage());
        }
        assertThrows(org.xstudy.explain.method.InvalidParamException.class,
                () -> method("placebo").resolve(Map.of("source", "saliency", "absolute", false)));
        assertEquals(true, method("saliency").resolve(Map.of("absolute", true)).getBoolean("absolute"));
    }

    @Test
    void smoothGradWithoutNoiseIsItsBaseMethodAndWithNoiseDependsOnTheSeed() {
        Attribution ig = run("integrated_gradients", EMBEDDING, SENTENCE, 1, Map.of("steps", 20));
        Attribution smooth0 = run("smoothgrad", EMBEDDING, SENTENCE, 1,
                Map.of("base", "integrated_gradients", "steps", 20, "sigma", 0.0, "samples", 3));
        assertArrayEquals(ig.scores(), smooth0.scores(), 1e-12);
        assertEquals(20L, smooth0.params().asMap().get("steps"));
        Attribution s1 = run("smoothgrad", EMBEDDING, SENTENCE, 1, Map.of("seed", 1));
        Attribution s2 = run("smoothgrad", EMBEDDING, SENTENCE, 1, Map.of("seed", 2));
        assertNotEquals(Arrays.toString(s1.scores()), Arrays.toString(s2.scores()));
    }

    @Test
    void occlusionOnALogisticBagOfWordsIsEachWordsWeightInLogOdds() {
        Attribution pos = run("occlusion", LOGISTIC, SENTENCE, 1, Map.of());
        Attribution neg = run("occlusion", LOGISTIC, SENTENCE, 0, Map.of());
        for (int i = 0; i < pos.words().size(); i++) {
            double w = WEIGHTS.getOrDefault(pos.words().get(i).token(), 0.0);
            assertEquals(w, pos.words().get(i).score(), 1e-9, pos.words().get(i).token());
            assertEquals(-w, neg.words().get(i).score(), 1e-9);
        }
    }

    @Test
    void kernelShapEqualsExactShapleyValuesOfAnAdditiveModel() {
        String text = "a b c d e f g h a";
        Attribution a = run("kernel_shap", LINEAR, text, 1, Map.of());
        assertEquals(1.0, a.diagnostics().get("exact"));
        for (TokenScore t : a.words()) {
            assertEquals(LINEAR_WEIGHTS.get(t.token()), t.score(), 1e-6, t.token());
        }
        assertTrue(a.diagnostics().get("additivityGap") < 1e-9);
        Attribution sampled = run("kernel_shap", LINEAR, text, 1, Map.of("exactMaxWords", 4, "samples", 200));
        assertEquals(0.0, sampled.diagnostics().get("exact"));
        for (TokenScore t : sampled.words()) {
            assertEquals(LINEAR_WEIGHTS.get(t.token()), t.score(), 1e-6, t.token());
        }
    }

    @Test
    void kernelShapEqualsShapleyValuesByEnumerationOnANonAdditiveModel() {
        String text = "the good plot bad acting dull";
        Attribution a = run("kernel_shap", LOGISTIC, text, 1, Map.of("output", "logodds"));
        Attribution p = run("kernel_shap", LOGISTIC, text, 1, Map.of());
        List<Word> words = LOGISTIC.words(text);
        int n = words.size();
        double[] shapley = new double[n];
        for (int i = 0; i < n; i++) {
            for (int mask = 0; mask < (1 << n); mask++) {
                if ((mask & (1 << i)) != 0) {
                    continue;
                }
                int s = Integer.bitCount(mask);
                double weight = factorial(s) * factorial(n - s - 1) / factorial(n);
                shapley[i] += weight * (probability(text, words, mask | (1 << i)) - probability(text, words, mask));
            }
        }
        assertArrayEquals(shapley, p.scores(), 1e-6);
        for (int i = 0; i < n; i++) {
            assertEquals(WEIGHTS.get(words.get(i).text()), a.scores()[i], 1e-6);
        }
    }

    @Test
    void limeRecoversTheCoefficientRankingOfALinearModel() {
        String text = "a b c d e f g h";
        Attribution a = run("lime", LINEAR, text, 1, Map.of("samples", 1000));
        List<String> byScore = a.words().stream()
                .sorted((x, y) -> Double.compare(y.score(), x.score())).map(TokenScore::token).toList();
        List<String> byWeight = LINEAR.words(text).stream().map(Word::text)
                .sorted((x, y) -> Double.compare(LINEAR_WEIGHTS.get(y), LINEAR_WEIGHTS.get(x))).toList();
        assertEquals(byWeight, byScore);
        assertTrue(a.diagnostics().get("r2") > 0.99);
        Attribution again = run("lime", LINEAR, text, 1, Map.of("samples", 1000, "seed", 7));
        assertNotEquals(Arrays.toString(a.scores()), Arrays.toString(again.scores()));
    }

    @Test
    void placeboPermutesTheSourceScoresWithTheSeed() {
        Attribution source = run("occlusion", LOGISTIC, SENTENCE, 1, Map.of());
        Attribution placebo = run("placebo", LOGISTIC, SENTENCE, 1, Map.of("seed", 3));
        double[] a = source.scores().clone();
        double[] b = placebo.scores().clone();
        Arrays.sort(a);
        Arrays.sort(b);
        assertArrayEquals(a, b, 0.0);
        assertNotEquals(Arrays.toString(source.scores()), Arrays.toString(placebo.scores()));
        Attribution other = run("placebo", LOGISTIC, SENTENCE, 1, Map.of("seed", 4));
        assertNotEquals(Arrays.toString(placebo.scores()), Arrays.toString(other.scores()));
        Attribution ofLime = run("placebo", LOGISTIC, SENTENCE, 1, Map.of("source", "lime", "samples", 50));
        assertEquals(50L, ofLime.params().asMap().get("samples"));
    }

    /**
     * Issue 19, defect 4: the placebo is a derangement (no word keeps its own score), its seed depends on the text
     * (two texts of one length get different shuffles), and it reports its rank correlation with the real scores.
     */
    @Test
    void placeboMovesEveryScoreAndDiffersBetweenItems() {
        List<String> texts = List.of("the wonderful acting saves a dull plot and a cast",
                "a dull plot with wonderful acting and a fine cast", "the plot is dull but the acting is wonderful",
                "the cast saves a wonderful but dull plot of it");
        java.util.Set<String> shuffles = new java.util.HashSet<>();
        for (String text : texts) {
            double[] real = run("occlusion", LOGISTIC, text, 1, Map.of()).scores();
            for (long seed = 1; seed <= 25; seed++) {
                Attribution placebo = run("placebo", LOGISTIC, text, 1, Map.of("seed", seed));
                double[] shuffled = placebo.scores();
                for (int i = 0; i < real.length; i++) {
                    if (real[i] != 0) {
                        assertNotEquals(real[i], shuffled[i], 0.0, text + " seed " + seed + ": word " + i + " kept");
                    }
                }
                assertTrue(Math.abs(placebo.diagnostics().get("spearmanWithSource")) <= 1.0 + 1e-12);
            }
            Attribution first = run("placebo", LOGISTIC, text, 1, Map.of("seed", 42));
            assertEquals(Arrays.toString(first.scores()),
                    Arrays.toString(run("placebo", LOGISTIC, text, 1, Map.of("seed", 42)).scores()), "seeded");
            shuffles.add(Arrays.toString(ranksOf(first.scores(), real(text))));
        }
        assertEquals(texts.size(), shuffles.size(), "items of one length get different shuffles: " + shuffles);
    }

    private double[] real(String text) {
        return run("occlusion", LOGISTIC, text, 1, Map.of()).scores();
    }

    /** Where each real score went: the index in {@code real} of each placebo score. */
    private static int[] ranksOf(double[] placebo, double[] real) {
        int[] from = new int[placebo.length];
        for (int i = 0; i < placebo.length; i++) {
            from[i] = -1;
            for (int j = 0; j < real.length && from[i] < 0; j++) {
                if (real[j] == placebo[i]) {
                    from[i] = j;
                }
            }
        }
        return from;
    }

    private double probability(String text, List<Word> words, int mask) {
        boolean[] keep = new boolean[words.size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = (mask & (1 << i)) != 0;
        }
        return LOGISTIC.predictProba(List.of(
                WordRemoval.keep(text, words, keep)))[0][1];
    }

    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    private static double[][] deepCopy(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
        }
        return out;
    }
}
