package org.xstudy.model.bge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xstudy.model.tokens.PieceTokenizer;

class StaticQuantizerTest {

    private static final List<String> SENTENCES = List.of(
            "the film was wonderful from start to end .",
            "a slow , muddled and joyless thriller that never finds its footing .",
            "great acting !",
            "it rains a lot in the north of the country during the winter months .",
            "i expected more from a director this talented , but the last twenty minutes are worth the ticket .",
            "boring .",
            "the soundtrack , the costumes and the sets are all superb , yet the story leaves you cold .",
            "please close the door when you leave the room .",
            "not the worst sequel , not the best either : a shrug of a movie that will be forgotten by friday .",
            "what a delight !",
            "the plot (mostly) works ; don't miss it .",
            "😀 émoji and ünicode ?");

    private static OrtEnvironment env;
    private static PieceTokenizer tokenizer;
    private static byte[] published;

    @BeforeAll
    static void read() throws Exception {
        env = BgeEncoder.environment();
        tokenizer = PieceTokenizer.bge();
        try (InputStream in = StaticQuantizer.class.getClassLoader().getResourceAsStream(BgeEncoder.ONNX_RESOURCE)) {
            published = in.readAllBytes();
        }
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void everyDynamicQuantizerBecomesAStaticOneAndTheResultIsAFunctionOfTheJar() throws Exception {
        List<String> calibration = StaticQuantizer.calibrationSentences();
        assertTrue(calibration.size() >= 100, calibration.size() + " calibration sentences");
        byte[] once = StaticQuantizer.quantize(env, published, tokenizer, calibration);
        byte[] again = StaticQuantizer.quantize(env, published, tokenizer, calibration);
        assertEquals(sha256(once), sha256(again));

        OnnxGraph before = OnnxGraph.parse(published);
        OnnxGraph after = OnnxGraph.parse(once);
        assertTrue(StaticQuantizer.isDynamic(published));
        assertEquals(48, before.nodes("DynamicQuantizeLinear").size());
        assertEquals(0, after.nodes("DynamicQuantizeLinear").size());
        assertEquals(48, after.nodes("QuantizeLinear").size());
        assertEquals(before.nodes().size(), after.nodes().size());
        for (OnnxGraph.Node q : after.nodes("QuantizeLinear")) {
            OnnxGraph.Node d = before.nodes().stream().filter(n -> n.name().equals(q.name())).findFirst().orElseThrow();
            assertEquals(List.of(d.inputs().get(0), d.outputs().get(1), d.outputs().get(2)), q.inputs());
            assertEquals(d.outputs().subList(0, 1), q.outputs());
        }
    }

    @Test
    void fusingTheIntegerProductsLeavesEveryOutputAsItWas() throws Exception {
        byte[] unfused = StaticQuantizer.quantize(env, published, tokenizer, SENTENCES);
        byte[] fused = StaticQuantizer.fused(unfused);
        OnnxGraph graph = OnnxGraph.parse(fused);
        assertEquals(0, graph.nodes("MatMulInteger").size());
        assertEquals(72, graph.nodes().stream().filter(n -> n.opType().equals("MatMulIntegerToFloat")).count());
        assertEquals(OnnxGraph.parse(unfused).nodes().size() - 4 * 72, graph.nodes().size());
        List<long[]> rows = perturbations(40, 9).stream().map(t -> tokenizer.tokenize(t).ids()).toList();
        try (OrtSession.SessionOptions options = BgeEncoder.options();
                OrtSession a = env.createSession(unfused, options);
                OrtSession b = env.createSession(fused, options)) {
            float[] x = hidden(a, rows);
            float[] y = hidden(b, rows);
            assertEquals(x.length, y.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-5, "element " + i);
            }
        }
    }

    @Test
    void theLastLayerOnTheFirstPositionOnlyGivesTheSameClsVectors() throws Exception {
        byte[] all = StaticQuantizer.fused(StaticQuantizer.quantize(env, published, tokenizer, SENTENCES));
        byte[] first = StaticQuantizer.fused(ClsOnlyLastLayer.apply(
                StaticQuantizer.quantize(env, published, tokenizer, SENTENCES)));
        OnnxGraph graph = OnnxGraph.parse(first);
        assertEquals(OnnxGraph.parse(all).nodes().size() + 2, graph.nodes().size());
        assertEquals(2, graph.nodes("Gather").stream().filter(n -> n.name().endsWith("_first_position")).count());
        List<long[]> rows = perturbations(40, 11).stream().map(t -> tokenizer.tokenize(t).ids()).toList();
        int length = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        try (OrtSession.SessionOptions options = BgeEncoder.options();
                OrtSession a = env.createSession(all, options);
                OrtSession b = env.createSession(first, options)) {
            float[] x = hidden(a, rows);
            float[] y = hidden(b, rows);
            assertEquals(rows.size() * length * BgeEncoder.DIM, x.length);
            assertEquals(rows.size() * BgeEncoder.DIM, y.length);
            for (int i = 0; i < rows.size(); i++) {
                for (int d = 0; d < BgeEncoder.DIM; d++) {
                    assertEquals(x[i * length * BgeEncoder.DIM + d], y[i * BgeEncoder.DIM + d], 1e-5,
                            "text " + i + ", component " + d);
                }
            }
        }
    }

    private static float[] hidden(OrtSession session, List<long[]> rows) throws Exception {
        try (BgeEncoder.Inputs inputs = BgeEncoder.Inputs.of(env, session, rows);
                OrtSession.Result r = session.run(inputs.map())) {
            FloatBuffer h = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[h.remaining()];
            h.get(out);
            return out;
        }
    }

    @Test
    void rangesMapBackToTheQuantizersScaleAndZeroPoint() {
        StaticQuantizer.Range r = StaticQuantizer.Range.of(0.02f, 100);
        assertEquals(-2.0, r.min(), 1e-6);
        assertEquals(3.1, r.max(), 1e-6);
        OnnxGraph.Quantization q = r.quantization();
        assertEquals(0.02f, q.scale(), 1e-7);
        assertEquals(100, q.zeroPoint());
        StaticQuantizer.Range wider = r.union(StaticQuantizer.Range.of(0.01f, 10)).roundedOutward();
        assertTrue(wider.min() <= -2.0 && wider.min() > -2.0 * 1.01, "min " + wider.min());
        assertTrue(wider.max() >= 3.1 && wider.max() < 3.1 * 1.01, "max " + wider.max());
        assertEquals(new OnnxGraph.Quantization(1, 0), new StaticQuantizer.Range(0, 0).quantization());
    }

    @Test
    void theStaticModelGivesEveryTextTheSameVectorInAnyBatchAndThePublishedOneDoesNot() {
        List<String> texts = perturbations(160, 3);
        try (BgeEncoder encoder = BgeEncoder.load(); BgeEncoder dynamic = BgeEncoder.loadDynamic()) {
            assertTrue(maxBatchDifference(encoder, texts) <= 1e-6);
            assertTrue(maxBatchDifference(dynamic, texts) > 1e-3);
        }
    }

    /** The largest change of an embedding component between batch size 1 and batches of 5 and 32. */
    static double maxBatchDifference(BgeEncoder encoder, List<String> texts) {
        int size = encoder.batchSize();
        try {
            double[][] alone = encoder.batchSize(1).embed(texts);
            double max = 0;
            for (int batch : new int[] {5, 32}) {
                double[][] batched = encoder.batchSize(batch).embed(texts);
                for (int i = 0; i < texts.size(); i++) {
                    for (int d = 0; d < BgeEncoder.DIM; d++) {
                        max = Math.max(max, Math.abs(alone[i][d] - batched[i][d]));
                    }
                }
            }
            return max;
        } finally {
            encoder.batchSize(size);
        }
    }

    /** The sentences and random word removals from them, shuffled: mixed lengths in every batch. */
    static List<String> perturbations(int n, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(SENTENCES);
        while (out.size() < n) {
            StringBuilder b = new StringBuilder();
            for (String w : SENTENCES.get(random.nextInt(SENTENCES.size())).split(" ")) {
                if (random.nextDouble() < 0.7) {
                    b.append(w).append(' ');
                }
            }
            out.add(b.toString().strip());
        }
        Collections.shuffle(out, random);
        return out;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
