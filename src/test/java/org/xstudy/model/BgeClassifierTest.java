package org.xstudy.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xstudy.model.bge.BgeClassifier;
import org.xstudy.model.bge.BgeEncoder;
import org.xstudy.model.bge.SoftmaxRegression;
import org.xstudy.model.data.LabeledData;

class BgeClassifierTest {

    private static BgeEncoder encoder;
    private static BgeClassifier model;
    private static LabeledData.Split split;

    @BeforeAll
    static void train() {
        encoder = BgeEncoder.load();
        split = ToyData.sentences(60, 3).split(40, 5);
        model = BgeClassifier.train("toy-bge", encoder, ToyData.LABELS, split.train(),
                new SoftmaxRegression.Settings(0.01, 200, 0.05, 1));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void headLearnsASeparableToyTask() {
        double[][] proba = model.predictProba(LabeledData.texts(split.test()));
        assertTrue(LabeledData.accuracy(proba, split.test()) >= 0.9,
                "held-out toy accuracy " + LabeledData.accuracy(proba, split.test()));
        double[][] unseen = model.predictProba(List.of("the soundtrack was superb !", "the soundtrack was dreadful ."));
        assertTrue(unseen[0][1] > unseen[0][0]);
        assertTrue(unseen[1][0] > unseen[1][1]);
    }

    @Test
    void probabilitiesAreDistributionsAndBatchingChangesNothing() {
        List<String> texts = List.of("a", "the acting was great indeed !", "😀 émoji and ünicode ?",
                "a much longer sentence that is padded against the short ones in the same batch , really .", "");
        double[][] batch = model.predictProba(texts);
        assertEquals(texts.size(), batch.length);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(2, batch[i].length);
            assertEquals(1.0, batch[i][0] + batch[i][1], 1e-12);
            double[][] alone = model.predictProba(List.of(texts.get(i)));
            assertArrayEquals(alone[0], batch[i], 1e-9, "text " + i);
        }
    }

    @Test
    void masksRepeatsCacheAndThreadsGiveTheSameProbabilitiesAsOneTextAlone() throws Exception {
        String text = "well-made , if somewhat dull : the plot (mostly) works ; don't miss it !";
        List<Word> words = model.words(text);
        java.util.Random random = new java.util.Random(5);
        List<boolean[]> keeps = new java.util.ArrayList<>();
        List<String> cut = new java.util.ArrayList<>();
        for (int s = 0; s < 12; s++) {
            boolean[] keep = new boolean[words.size()];
            for (int w = 0; w < keep.length; w++) {
                keep[w] = s < 2 || random.nextBoolean();
            }
            keeps.add(keep);
            cut.add(org.xstudy.model.tokens.Words.cut(text, words, keep));
        }
        double[][] masked = model.predictProbaKeeping(text, keeps);
        model.clearCache();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<double[]>> alone = new java.util.ArrayList<>();
            for (String c : cut) {
                alone.add(pool.submit(() -> model.predictProba(List.of(c))[0]));
            }
            for (int s = 0; s < cut.size(); s++) {
                assertArrayEquals(alone.get(s).get(), masked[s], 0.0, cut.get(s));
            }
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(masked[0], masked[1], 0.0);
    }

    @Test
    void embeddingsAreUnitVectorsOfDimension384() {
        double[][] e = model.embed(List.of("one sentence", "another one"));
        for (double[] v : e) {
            assertEquals(BgeEncoder.DIM, v.length);
            assertEquals(1.0, java.util.Arrays.stream(v).map(x -> x * x).sum(), 1e-6);
        }
        assertEquals(64, encoder.sha256().length());
    }

    @Test
    void savedHeadReloadsToTheSamePredictions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("head.bin");
        model.save(file);
        BgeClassifier loaded = BgeClassifier.load("toy-bge", file, encoder);
        List<String> texts = LabeledData.texts(split.test()).subList(0, 5);
        double[][] a = model.predictProba(texts);
        double[][] b = loaded.predictProba(texts);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 1e-12);
        }
        assertEquals(ToyData.LABELS, loaded.labels());
    }
}
