package org.xstudy.model.imports;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xstudy.explain.DelegatingDifferentiable;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.explain.method.Params;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Integrated Gradients (50-step trapezoid, as {@code POST /api/explanations} runs it) on the exported Kim-CNN and
 * its held-out sentences, two ways in one run, sentence by sentence in alternation: the path built and summed in
 * libtorch ({@code pathGradients} of the TorchScript model, today's code) and point by point in Java (every point's
 * embeddings into libtorch and every point's gradient back, as before). Time per sentence of the whole attribution,
 * per round, from the first round on: a server that has just started is in the first rounds. Not a test: runs only
 * with {@code -Dxstudy.bench=true}; figures in docs/performance.md.
 */
@EnabledIfSystemProperty(named = "xstudy.bench", matches = "true")
class PathGradientsBenchmark {

    @Test
    void trapezoid50() throws Exception {
        Path dir = ExportedModels.folder("wordpiece");
        String file = System.getProperty("xstudy.bench.model", "kim-cnn.pt");
        List<String> texts = ExportedModels.heldOut().subList(0, Integer.getInteger("xstudy.bench.sentences", 100));
        int rounds = Integer.getInteger("xstudy.bench.rounds", 9);
        TorchScriptClassifier.Loaded loaded = TorchScriptClassifier.load(file, dir.resolve(file),
                PieceTokenizer.fromFile(dir.resolve("tokenizer.json"), 512), List.of("negative", "positive"), 16);
        AttributionMethod ig = new MethodCatalog().find("integrated_gradients").orElseThrow();
        Params params = ig.resolve(Map.of("rule", "trapezoid", "steps", 50));
        try (TorchScriptClassifier model = loaded.classifier()) {
            DifferentiableClassifier inLibtorch = (DifferentiableClassifier) model;
            // only the point-by-point calls: pathGradients is the interface's default
            DifferentiableClassifier pointByPoint = new DelegatingDifferentiable(inLibtorch) { };
            double[][] ms = new double[2][rounds];
            double[] gap = new double[2];
            double[] allocated = new double[2];
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long self = Thread.currentThread().getId();
            for (int r = 0; r < rounds; r++) {
                for (int s = 0; s < texts.size(); s++) {
                    for (int turn = 0; turn < 2; turn++) {
                        int way = (s + r + turn) % 2;
                        long bytes = threads.getThreadAllocatedBytes(self);
                        long start = System.nanoTime();
                        var a = ig.attribute(way == 0 ? inLibtorch : pointByPoint, texts.get(s), 1, params);
                        ms[way][r] += (System.nanoTime() - start) / 1e6 / texts.size();
                        allocated[way] += (threads.getThreadAllocatedBytes(self) - bytes) / 1e6 / texts.size()
                                / rounds;
                        if (r == 0) {
                            gap[way] += a.diagnostics().get("convergenceDelta") / texts.size();
                        }
                    }
                }
            }
            String[] names = {"path in libtorch (today)", "point by point (before)"};
            for (int way = 0; way < 2; way++) {
                double[] sorted = ms[way].clone();
                Arrays.sort(sorted);
                System.out.printf(java.util.Locale.ROOT, "PATHAB %s: %s ms per sentence by round; median %.3f; mean gap "
                        + "%.5f; Java heap allocated %.2f MB per sentence%n", names[way], Arrays.toString(Arrays.stream(
                        ms[way]).map(v -> Math.round(v * 1000) / 1000.0).toArray()), sorted[rounds / 2], gap[way],
                        allocated[way]);
            }
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = ms[1][r] / ms[0][r];
            }
            System.out.printf(java.util.Locale.ROOT, "PATHAB before / today by round: %s%n", Arrays.toString(
                    Arrays.stream(ratio).map(v -> Math.round(v * 100) / 100.0).toArray()));
        }
    }
}
