package org.xstudy.model.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Gradient;
import org.xstudy.model.bge.BgeEncoder;
import org.xstudy.model.bge.SoftmaxRegression;
import org.xstudy.model.tokens.PieceTokenizer;

/** Imports hand-written ONNX and TorchScript files and checks them against their closed forms. */
class ImportedModelsTest {

    private static final List<String> LABELS = List.of("neg", "pos");

    @Test
    void onnxModelGivesTheSoftmaxOfItsLogitsInAnyBatch(@TempDir Path dir) throws Exception {
        OnnxFixture fixture = new OnnxFixture(9);
        Path file = dir.resolve("bag.onnx");
        Files.write(file, fixture.model());
        try (PieceTokenizer reference = PieceTokenizer.bge();
                OnnxClassifier model = OnnxClassifier.load("bag", file, PieceTokenizer.bge(), LABELS, 4)) {
            List<String> texts = List.of("a", "a wonderful film", "😀 ünïcode , too", "", "one more text here .",
                    "and the sixth text is the longest one of them all by a margin .");
            double[][] proba = model.predictProba(texts);
            for (int i = 0; i < texts.size(); i++) {
                double[] expected = SoftmaxRegression.softmax(fixture.logits(reference.tokenize(texts.get(i)).ids()));
                assertArrayEquals(expected, proba[i], 1e-5, texts.get(i));
            }
        }
    }

    @Test
    void onlyAnOnnxModelWithDynamicQuantizersOrAnUnreadableGraphRunsOneTextPerPass(@TempDir Path dir)
            throws Exception {
        Path bag = dir.resolve("bag.onnx");
        Files.write(bag, new OnnxFixture(9).model());
        assertFalse(OnnxClassifier.dynamicallyQuantized(bag));
        Path bge = dir.resolve("bge.onnx");
        try (var in = getClass().getClassLoader().getResourceAsStream(BgeEncoder.ONNX_RESOURCE)) {
            Files.copy(in, bge);
        }
        assertTrue(OnnxClassifier.dynamicallyQuantized(bge));
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertTrue(OnnxClassifier.dynamicallyQuantized(junk));
    }

    @Test
    void torchScriptGradientsAreTheClosedFormOfTheBagModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bag.pt");
        TorchScriptFixture.write(file, true);
        TorchScriptClassifier.Loaded loaded = TorchScriptClassifier.load("bag", file, PieceTokenizer.bge(), LABELS, 8);
        assertNull(loaded.gradientProblem());
        try (DifferentiableTorchScriptClassifier model = (DifferentiableTorchScriptClassifier) loaded.classifier();
                PieceTokenizer reference = PieceTokenizer.bge()) {
            String text = "the acting was superb , don't miss it";
            Encoding encoding = model.encode(text);
            double[][] e = model.embeddings(encoding);
            long[] pieceIds = reference.tokenize(text).pieceIds();
            assertEquals(pieceIds.length, e.length);
            for (int p = 0; p < e.length; p++) {
                assertArrayEquals(TorchScriptFixture.features(pieceIds[p]), e[p], 1e-6);
            }
            double[][] base = model.baseline(encoding);
            for (double[] row : base) {
                assertArrayEquals(TorchScriptFixture.features(0), row, 1e-6);
            }
            double[] logits = logits(reference.tokenize(text).ids());
            assertArrayEquals(SoftmaxRegression.softmax(logits), model.predictProba(List.of(text))[0], 1e-5);

            List<double[][]> batch = new ArrayList<>(List.of(e, base));
            double[][] scaled = new double[e.length][3];
            for (int p = 0; p < e.length; p++) {
                for (int d = 0; d < 3; d++) {
                    scaled[p][d] = 0.5 * e[p][d];
                }
            }
            batch.add(scaled);
            for (int target = 0; target < 2; target++) {
                List<Gradient> grads = model.gradients(encoding, batch, target);
                assertEquals(3, grads.size());
                assertEquals(logits[target], grads.get(0).output(), 1e-4);
                for (Gradient g : grads) {
                    for (double[] row : g.grad()) {
                        for (int d = 0; d < 3; d++) {
                            assertEquals(TorchScriptFixture.W[d][target], row[d], 1e-6);
                        }
                    }
                }
                double shift = 0;
                for (int p = 0; p < e.length; p++) {
                    for (int d = 0; d < 3; d++) {
                        shift += (e[p][d] - base[p][d]) * TorchScriptFixture.W[d][target];
                    }
                }
                assertEquals(shift, grads.get(0).output() - grads.get(1).output(), 1e-4, "linear in the embeddings");
            }
            assertThrows(IllegalArgumentException.class,
                    () -> model.gradients(encoding, Collections.singletonList(new double[1][3]), 0));
        }
    }

    @Test
    void torchScriptWithoutTheConventionSaysWhy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plain.pt");
        TorchScriptFixture.write(file, false);
        TorchScriptClassifier.Loaded loaded = TorchScriptClassifier.load("plain", file, PieceTokenizer.bge(), LABELS, 8);
        try (TorchScriptClassifier model = loaded.classifier()) {
            assertTrue(loaded.gradientProblem().contains("embed(input_ids)"));
            assertTrue(!(model instanceof org.xstudy.model.DifferentiableClassifier));
            try (PieceTokenizer reference = PieceTokenizer.bge()) {
                String text = "plain models still predict";
                assertArrayEquals(SoftmaxRegression.softmax(logits(reference.tokenize(text).ids())),
                        model.predictProba(List.of(text))[0], 1e-5);
            }
        }
    }

    /** The bag model's logits over all token ids (special tokens included): features summed, times W, plus B. */
    private static double[] logits(long[] ids) {
        double[] sum = new double[3];
        for (long id : ids) {
            double[] f = TorchScriptFixture.features(id);
            for (int d = 0; d < 3; d++) {
                sum[d] += f[d];
            }
        }
        double[] out = TorchScriptFixture.B.clone();
        for (int c = 0; c < 2; c++) {
            for (int d = 0; d < 3; d++) {
                out[c] += sum[d] * TorchScriptFixture.W[d][c];
            }
        }
        return out;
    }
}
