package org.xstudy.model.imports;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * How a gradient call's time grows with its number of path points on the exported Kim-CNN: one sentence's embeddings
 * repeated 1 to 408 times (8 sentences' worth of a 50-step Integrated Gradients), ms per call over 60 held-out
 * sentences; and one shape called again and again, for libtorch's steady state.
 * {@code -Dxstudy.bench.no-graph-optimizer=true} turns TorchScript's graph optimizer off for the comparison. Not a
 * test: runs only with {@code -Dxstudy.bench=true}; figures in docs/performance.md.
 */
@EnabledIfSystemProperty(named = "xstudy.bench", matches = "true")
class BatchScalingProbe {

    /** The exported model; the graph optimizer setting is per thread, so it is set here, on the test's thread. */
    private static TorchScriptClassifier load() throws java.io.IOException {
        Path dir = ExportedModels.folder("wordpiece");
        String file = System.getProperty("xstudy.bench.model", "kim-cnn.pt");
        TorchScriptClassifier.Loaded loaded = TorchScriptClassifier.load(file, dir.resolve(file),
                PieceTokenizer.fromFile(dir.resolve("tokenizer.json"), 512), List.of("negative", "positive"), 16);
        if (Boolean.getBoolean("xstudy.bench.no-graph-optimizer")) {
            ai.djl.pytorch.jni.JniUtils.setGraphExecutorOptimize(false);
        }
        return loaded.classifier();
    }

    @Test
    void sameShape() throws Exception {
        String text = ExportedModels.heldOut().get(3);
        try (TorchScriptClassifier model = load()) {
            DifferentiableClassifier d = (DifferentiableClassifier) model;
            Encoding e = d.encode(text);
            List<double[][]> batch = Collections.nCopies(51, d.embeddings(e));
            for (int r = 0; r < 5; r++) {
                String trace = System.getProperty("xstudy.bench.profile");
                if (trace != null && r == 4) {
                    ai.djl.pytorch.jni.JniUtils.startProfile(false, false, false);
                }
                long s = System.nanoTime();
                for (int k = 0; k < 500; k++) {
                    d.gradients(e, batch, 1);
                }
                if (trace != null && r == 4) {
                    ai.djl.pytorch.jni.JniUtils.stopProfile(trace);
                }
                System.out.printf("PROBE same shape, %d pieces, 51 points: %.3f ms per gradients call%n",
                        e.pieces().size(), (System.nanoTime() - s) / 1e6 / 500);
            }
        }
    }

    @Test
    void probe() throws Exception {
        List<String> texts = ExportedModels.heldOut().subList(0, 60);
        try (TorchScriptClassifier model = load()) {
            DifferentiableClassifier d = (DifferentiableClassifier) model;
            int[] sizes = {1, 9, 18, 26, 51, 102, 204, 408};
            for (int warm = 0; warm < 2; warm++) {
                for (int b : sizes) {
                    for (String t : texts.subList(0, 10)) {
                        Encoding e = d.encode(t);
                        d.gradients(e, Collections.nCopies(b, d.embeddings(e)), 1);
                    }
                }
            }
            for (int b : sizes) {
                double[] rounds = new double[3];
                for (int r = 0; r < 3; r++) {
                    long total = 0;
                    for (String t : texts) {
                        Encoding e = d.encode(t);
                        List<double[][]> batch = Collections.nCopies(b, d.embeddings(e));
                        long s = System.nanoTime();
                        d.gradients(e, batch, 1);
                        total += System.nanoTime() - s;
                    }
                    rounds[r] = total / 1e6 / texts.size();
                }
                Arrays.sort(rounds);
                System.out.printf("PROBE points %d: %.3f ms per call (median of 3 rounds; %s)%n", b, rounds[1],
                        Arrays.toString(rounds));
            }
        }
    }
}
