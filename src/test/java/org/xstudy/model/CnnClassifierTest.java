package org.xstudy.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Gradient;
import org.xstudy.model.cnn.CnnClassifier;
import org.xstudy.model.cnn.CnnTrainer;
import org.xstudy.model.data.LabeledData;
import org.xstudy.model.tokens.PieceTokenizer;
import org.xstudy.model.tokens.Words;

class CnnClassifierTest {

    private static PieceTokenizer tokenizer;
    private static CnnClassifier model;
    private static LabeledData.Split split;

    @BeforeAll
    static void train() {
        tokenizer = PieceTokenizer.bge();
        split = ToyData.sentences(60, 11).split(40, 2);
        CnnTrainer.Settings settings = new CnnTrainer.Settings(16, 8, new int[] {3}, 25, 8, 1e-2f, 0f, 1, 5L);
        model = CnnTrainer.train("toy-cnn", ToyData.LABELS, tokenizer, split.train(), settings, epoch -> { });
    }

    @AfterAll
    static void close() {
        model.close();
        tokenizer.close();
    }

    @Test
    void learnsASeparableToyTask() {
        double[][] proba = model.predictProba(LabeledData.texts(split.test()));
        assertTrue(LabeledData.accuracy(proba, split.test()) >= 0.9,
                "held-out toy accuracy " + LabeledData.accuracy(proba, split.test()));
    }

    /** The network is piecewise linear, so central differences are exact away from kinks; float32 sets the step. */
    @Test
    void gradientsEqualCentralFiniteDifferencesOfTheTargetLogit() {
        Encoding encoding = model.encode("this movie was superb , truly delightful !");
        double[][] e = model.embeddings(encoding);
        Random random = new Random(4);
        for (int target = 0; target < 2; target++) {
            Gradient g = model.gradients(encoding, one(e), target).get(0);
            for (int check = 0; check < 25; check++) {
                int p = random.nextInt(e.length);
                int d = random.nextInt(e[0].length);
                double h = 1e-2;
                double up = model.gradients(encoding, one(shift(e, p, d, h)), target).get(0).output();
                double down = model.gradients(encoding, one(shift(e, p, d, -h)), target).get(0).output();
                assertEquals((up - down) / (2 * h), g.grad()[p][d], 1e-3, "piece " + p + " dim " + d);
            }
        }
    }

    @Test
    void pathGradientsInLibtorchEqualThePointByPointSum() {
        PathGradientsCheck.assertMatchesPointByPoint(model, "this movie was superb , truly delightful !", 1);
        PathGradientsCheck.assertMatchesPointByPoint(model, "the plot was dreadful to me .", 0);
    }

    @Test
    void batchedGradientsEqualOneByOneAndLogitsMatchPredictProba() {
        String text = "the plot was dreadful to me .";
        Encoding encoding = model.encode(text);
        double[][] e = model.embeddings(encoding);
        double[][] base = model.baseline(encoding);
        List<double[][]> batch = new ArrayList<>();
        for (double alpha : new double[] {0, 0.25, 0.5, 1}) {
            double[][] x = new double[e.length][e[0].length];
            for (int p = 0; p < e.length; p++) {
                for (int d = 0; d < e[0].length; d++) {
                    x[p][d] = base[p][d] + alpha * (e[p][d] - base[p][d]);
                }
            }
            batch.add(x);
        }
        List<Gradient> together = model.gradients(encoding, batch, 0);
        assertEquals(4, together.size());
        for (int i = 0; i < batch.size(); i++) {
            Gradient alone = model.gradients(encoding, one(batch.get(i)), 0).get(0);
            assertEquals(alone.output(), together.get(i).output(), 1e-5);
            for (int p = 0; p < e.length; p++) {
                assertArrayEquals(alone.grad()[p], together.get(i).grad()[p], 1e-5);
            }
        }
        double f0 = together.get(3).output();
        double f1 = model.gradients(encoding, one(e), 1).get(0).output();
        double[] proba = model.predictProba(List.of(text))[0];
        assertEquals(Math.log(proba[0] / proba[1]), f0 - f1, 1e-5);
        assertEquals(base.length, encoding.pieces().size());
        assertTrue(java.util.Arrays.stream(base).flatMapToDouble(java.util.Arrays::stream).allMatch(v -> v == 0));
    }

    @Test
    void predictionsAreDistributionsIndependentOfBatching() {
        List<String> texts = List.of("great", "the acting was boring again .", "", "😀 ünïcode !",
                "a far longer sentence about a film that was wonderful from start to end , said everyone .");
        double[][] batch = model.predictProba(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(1.0, batch[i][0] + batch[i][1], 1e-12);
            assertArrayEquals(model.predictProba(List.of(texts.get(i)))[0], batch[i], 1e-6);
        }
    }

    @Test
    void maskedPredictionsEqualPredictionsOfTheCutTexts() {
        String text = "well-made , if somewhat dull : the plot (mostly) works ; don't miss it !";
        List<Word> words = model.words(text);
        Random random = new Random(9);
        List<boolean[]> keeps = new ArrayList<>();
        List<String> cut = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            boolean[] keep = new boolean[words.size()];
            for (int w = 0; w < keep.length; w++) {
                keep[w] = random.nextBoolean();
            }
            keeps.add(keep);
            cut.add(Words.cut(text, words, keep));
        }
        double[][] masked = model.predictProbaKeeping(text, keeps);
        double[][] strings = model.predictProba(cut);
        for (int s = 0; s < keeps.size(); s++) {
            assertArrayEquals(strings[s], masked[s], 1e-6, cut.get(s));
        }
    }

    @Test
    void badTargetOrShapeIsRejected() {
        Encoding encoding = model.encode("fine");
        double[][] e = model.embeddings(encoding);
        assertThrows(IllegalArgumentException.class, () -> model.gradients(encoding, one(e), 2));
        assertThrows(IllegalArgumentException.class,
                () -> model.gradients(encoding, one(new double[e.length + 1][e[0].length]), 0));
    }

    @Test
    void savedModelReloadsToTheSamePredictions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cnn.bin");
        model.save(file);
        try (CnnClassifier loaded = CnnClassifier.load("toy-cnn", file, tokenizer)) {
            List<String> texts = LabeledData.texts(split.test());
            double[][] a = model.predictProba(texts);
            double[][] b = loaded.predictProba(texts);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 1e-12);
            }
        }
    }

    private static List<double[][]> one(double[][] e) {
        return java.util.Collections.singletonList(e);
    }

    private static double[][] shift(double[][] e, int p, int d, double h) {
        double[][] copy = new double[e.length][];
        for (int i = 0; i < e.length; i++) {
            copy[i] = e[i].clone();
        }
        copy[p][d] += h;
        return copy;
    }
}
