package org.xstudy.model.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xstudy.explain.TokenScore;
import org.xstudy.explain.method.Attribution;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.GradientTimesInput;
import org.xstudy.explain.method.IntegratedGradients;
import org.xstudy.explain.method.Occlusion;
import org.xstudy.explain.method.ParamSpec;
import org.xstudy.explain.method.Params;
import org.xstudy.explain.method.Saliency;
import org.xstudy.explain.metric.ModelRandomisation;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.RandomisableModel;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.Word;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * The model-randomisation sanity check (Adebayo et al. 2018) on researchers' models: TorchScript models exported by
 * PyTorch itself (a Kim CNN and an {@code nn.TransformerEncoder}), randomised layer by layer from the output down on
 * a loaded copy, and an ONNX classifier whose head is randomised in a copy of its bytes.
 */
class ImportedModelRandomisationTest {

    private static final List<String> LABELS = List.of("negative", "positive");
    private static final List<AttributionMethod> GRADIENT_METHODS = List.of(new Saliency(),
            new GradientTimesInput(), new IntegratedGradients());

    private static TorchScriptClassifier exported(String file) throws Exception {
        Path dir = ExportedModels.folder("wordpiece");
        return TorchScriptClassifier.load(file, dir.resolve(file),
                PieceTokenizer.fromFile(dir.resolve("tokenizer.json"), 512), LABELS, 8).classifier();
    }

    private static List<String> texts() {
        return ExportedModels.heldOut().stream().filter(t -> t.split(" ").length >= 8).limit(5).toList();
    }

    /**
     * The paper's point on both exported architectures: over the layers above the embeddings, gradient methods
     * decorrelate from their original scores, while an explanation of the input alone (each word's embedding norm,
     * {@link EmbeddingNorm}) keeps rho = 1; and the whole cascade, embeddings included, leaves the served model as
     * it was.
     */
    @ParameterizedTest
    @CsvSource({"kim-cnn.pt, 'out, convs.1, convs.0, embedding', 3",
            "transformer.pt, 'out, encoder.layers.1, encoder.layers.0, positions, tokens', 3"})
    void gradientMethodsDecorrelateAndAnInputOnlyExplanationDoesNot(String file, String layers, int aboveEmbeddings)
            throws Exception {
        try (TorchScriptClassifier model = exported(file)) {
            assertEquals(List.of(layers.split(", ")), model.layersTopDown());
            assertTrue(model.tensorsOf("out").containsAll(List.of("out.weight", "out.bias")));
            List<String> texts = texts();
            double[][] before = model.predictProba(texts);
            for (AttributionMethod m : GRADIENT_METHODS) {
                Params params = m.resolve(Map.of());
                double score = 0;
                for (String text : texts) {
                    double[] original = m.attribute(model, text, 1, params).scores();
                    ModelRandomisation r = ModelRandomisation.of(m, model, text, 1, params, original, 7L,
                            aboveEmbeddings);
                    assertEquals(aboveEmbeddings, r.steps().size());
                    score += r.score() / texts.size();
                    ModelRandomisation all = ModelRandomisation.of(m, model, text, 1, params, original, 7L);
                    assertEquals(model.layersTopDown().size(), all.steps().size());
                    System.out.println(file + " " + m.id() + " " + r.steps() + " all: " + all.score()
                            + " ms " + all.runtimeMs());
                }
                System.out.println(file + " " + m.id() + " mean score above the embeddings " + score);
                assertTrue(score > 0.5, file + " " + m.id() + " stays correlated: " + score);
            }
            AttributionMethod norm = new EmbeddingNorm();
            for (String text : texts) {
                double[] original = norm.attribute(model, text, 1, Params.resolve(List.of(), Map.of())).scores();
                ModelRandomisation r = ModelRandomisation.of(norm, model, text, 1, Params.resolve(List.of(),
                        Map.of()), original, 7L, aboveEmbeddings);
                for (ModelRandomisation.Step s : r.steps()) {
                    assertEquals(1.0, s.spearman(), 1e-9, s.layer());
                    assertEquals(1.0, s.spearmanAbs(), 1e-9, s.layer());
                }
                assertEquals(0.0, r.score(), 1e-9);
            }
            assertArrayEquals(flat(before), flat(model.predictProba(texts)), 0.0,
                    "the served model must not change");
        }
    }

    @Test
    void eachStepRandomisesACopyAndNotTheServedModel() throws Exception {
        try (TorchScriptClassifier model = exported("transformer.pt")) {
            List<String> texts = texts();
            double[][] before = model.predictProba(texts);
            try (RandomisableModel.Cascade cascade = model.cascade(7L)) {
                TextClassifier first = cascade.next();
                assertFalse(java.util.Arrays.equals(flat(before), flat(first.predictProba(texts))),
                        "randomising the head changes the copy's output");
            }
            assertArrayEquals(flat(before), flat(model.predictProba(texts)), 0.0);
            double[] again = ((DifferentiableClassifier) model).embeddings(((DifferentiableClassifier) model)
                    .encode(texts.get(0)))[0];
            try (var copy = (TextClassifier & AutoCloseable) model.randomised(5, 7L)) {
                assertFalse(java.util.Arrays.equals(again, ((DifferentiableClassifier) copy)
                        .embeddings(((DifferentiableClassifier) copy).encode(texts.get(0)))[0]),
                        "the copy's embeddings are re-initialised at the last step");
            }
            assertArrayEquals(again, ((DifferentiableClassifier) model).embeddings(((DifferentiableClassifier) model)
                    .encode(texts.get(0)))[0], 0.0);
        }
    }

    /**
     * The check reuses one loaded copy: a second cascade with the same seed must see exactly what the first saw at
     * every step, so the copy is reset to the served weights in between (else step 1 of the second check would run
     * on the first check's fully randomised model).
     */
    @Test
    void aSecondCheckStartsAgainFromTheServedWeights() throws Exception {
        try (TorchScriptClassifier model = exported("transformer.pt")) {
            List<String> texts = texts();
            int steps = Math.min(3, model.layersTopDown().size());
            List<double[]> first = new java.util.ArrayList<>();
            try (RandomisableModel.Cascade cascade = model.cascade(11L)) {
                for (int i = 0; i < steps; i++) {
                    first.add(flat(cascade.next().predictProba(texts)));
                }
            }
            try (RandomisableModel.Cascade cascade = model.cascade(11L)) {
                for (int i = 0; i < steps; i++) {
                    assertArrayEquals(first.get(i), flat(cascade.next().predictProba(texts)), 1e-6,
                            "step " + (i + 1) + " of a second check");
                }
            }
        }
    }

    @Test
    void aModuleWithoutNamedParametersIsNotCheckedAndSaysWhy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bag.pt");
        TorchScriptFixture.write(file, true);
        try (TorchScriptClassifier model = TorchScriptClassifier.load("bag", file, PieceTokenizer.bge(), LABELS, 8)
                .classifier()) {
            assertNotChecked(new GradientTimesInput(), model, "no named parameters");
        }
    }

    /** ONNX: the head's MatMul weight and bias are re-initialised, and occlusion's scores change with them. */
    @Test
    void onnxHeadRandomisationChangesOcclusion(@TempDir Path dir) throws Exception {
        OnnxFixture fixture = new OnnxFixture(9);
        Path file = dir.resolve("head.onnx");
        Files.write(file, fixture.modelWithHead(new float[] {1.5f, -0.5f, 0.25f, 2f}));
        try (OnnxClassifier model = OnnxClassifier.load("head", file, PieceTokenizer.bge(), List.of("neg", "pos"),
                4)) {
            assertEquals(List.of(OnnxClassifier.HEAD), model.layersTopDown());
            assertEquals(List.of("W", "b"), model.tensorsOf(OnnxClassifier.HEAD));
            List<String> texts = List.of("a gorgeously elaborate continuation of the story , but too tepid .",
                    "the acting was superb , don't miss it", "dull , flat and far too long for its own good");
            double[][] before = model.predictProba(texts);
            AttributionMethod occlusion = new Occlusion();
            Params params = occlusion.resolve(Map.of());
            for (String text : texts) {
                double[] original = occlusion.attribute(model, text, 1, params).scores();
                ModelRandomisation r = ModelRandomisation.check(occlusion, params, model, text, 1, original, 6);
                assertTrue(r.checked(), r.reason());
                assertEquals(1, r.steps().size());
                assertEquals(List.of("W", "b"), r.steps().get(0).tensors());
                try (var copy = (TextClassifier & AutoCloseable) model.randomised(1, ModelRandomisation.SEED)) {
                    double[] randomised = occlusion.attribute(copy, text, 1, params).scores();
                    assertFalse(java.util.Arrays.equals(original, randomised), text);
                }
                System.out.println("onnx occlusion " + r);
                assertNotNull(r.score());
                assertTrue(r.steps().get(0).spearman() < 0.999, "occlusion keeps its ranking: " + r);
            }
            assertArrayEquals(flat(before), flat(model.predictProba(texts)), 0.0,
                    "the served session must not change");
        }
    }

    @Test
    void anOnnxModelWithoutADenseHeadIsNotCheckedAndSaysWhy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bag.onnx");
        Files.write(file, new OnnxFixture(9).model());
        try (OnnxClassifier model = OnnxClassifier.load("bag", file, PieceTokenizer.bge(), List.of("neg", "pos"), 4)) {
            assertNotChecked(new Occlusion(), model, "No MatMul or Gemm");
        }
    }

    private static void assertNotChecked(AttributionMethod m, TextClassifier model, String reason) {
        Params params = m.resolve(Map.of());
        ModelRandomisation r = ModelRandomisation.check(m, params, model, "a fine film", 1,
                m.attribute(model, "a fine film", 1, params).scores(), 6);
        assertFalse(r.checked());
        assertTrue(r.reason().contains(reason), r.reason());
        assertTrue(r.steps().isEmpty());
    }

    private static double[] flat(double[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /**
     * An explanation of the input alone, the analogue of the paper's edge detector: each word scores the summed
     * norms of its pieces' input embeddings. It reads the model's embedding layer and nothing above it.
     */
    static final class EmbeddingNorm implements AttributionMethod {

        @Override
        public String id() {
            return "embedding_norm";
        }

        @Override
        public String title() {
            return "Embedding norm (input only)";
        }

        @Override
        public String paper() {
            return "Adebayo et al. 2018 (edge detector analogue)";
        }

        @Override
        public boolean needsGradients() {
            return true;
        }

        @Override
        public boolean sampled() {
            return false;
        }

        @Override
        public List<ParamSpec> params() {
            return List.of();
        }

        @Override
        public Attribution attribute(TextClassifier model, String text, int target, Params params) {
            DifferentiableClassifier d = (DifferentiableClassifier) model;
            Encoding encoding = d.encode(text);
            double[][] e = d.embeddings(encoding);
            double[] scores = new double[encoding.words().size()];
            for (int p = 0; p < e.length; p++) {
                double norm = Math.sqrt(java.util.Arrays.stream(e[p]).map(v -> v * v).sum());
                for (int w = encoding.pieces().get(p).word(); w >= 0 && w <= encoding.pieces().get(p).lastWord(); w++) {
                    scores[w] += norm / encoding.pieces().get(p).wordCount();
                }
            }
            List<TokenScore> words = new java.util.ArrayList<>();
            for (int w = 0; w < scores.length; w++) {
                Word word = encoding.words().get(w);
                words.add(new TokenScore(word.text(), word.start(), word.end(), scores[w]));
            }
            return new Attribution(words, params, Map.of());
        }
    }
}
