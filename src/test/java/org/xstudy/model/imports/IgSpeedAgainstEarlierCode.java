package org.xstudy.model.imports;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xstudy.explain.method.Attribution;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.explain.method.Params;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Integrated Gradients with 50 trapezoid steps, as {@code POST /api/explanations} runs it, on the exported Kim-CNN
 * and 100 held-out sentences: time per sentence (the attribution alone, as {@code provenance.runtimeMs}) and mean
 * completeness gap. Uses only what the code had when issue 17 measured 14.5 ms (before 1e819d7), so the same file
 * runs on that commit and on today's main, one after the other on the same machine (docs/performance.md).
 */
@EnabledIfSystemProperty(named = "xstudy.bench", matches = "true")
class IgSpeedAgainstEarlierCode {

    @Test
    void trapezoid50() throws Exception {
        Path dir = ExportedModels.folder("wordpiece");
        List<String> texts = ExportedModels.heldOut().subList(0, 100);
        TorchScriptClassifier.Loaded loaded = TorchScriptClassifier.load("kim-cnn.pt", dir.resolve("kim-cnn.pt"),
                PieceTokenizer.fromFile(dir.resolve("tokenizer.json"), 512), List.of("negative", "positive"), 16);
        AttributionMethod ig = new MethodCatalog().find("integrated_gradients").orElseThrow();
        Params params = ig.resolve(Map.of("steps", 50));
        try (TorchScriptClassifier model = loaded.classifier()) {
            for (String t : texts.subList(0, 30)) {
                ig.attribute(model, t, 1, params);
            }
            int rounds = Integer.getInteger("xstudy.bench.rounds", 9);
            double[] perRound = new double[rounds];
            double gap = 0;
            for (int r = 0; r < rounds; r++) {
                long total = 0;
                for (String t : texts) {
                    long s = System.nanoTime();
                    Attribution a = ig.attribute(model, t, 1, params);
                    total += System.nanoTime() - s;
                    if (r == 0) {
                        gap += Math.abs(a.diagnostics().get("convergenceDelta"));
                    }
                }
                perRound[r] = total / 1e6 / texts.size();
            }
            double[] sorted = perRound.clone();
            Arrays.sort(sorted);
            System.out.printf("IGAB trapezoid 50 steps: %.3f ms per sentence (median of %d rounds, fastest %.3f: %s), mean gap %.5f, "
                    + "params %s%n", sorted[rounds / 2], rounds, sorted[0], Arrays.toString(perRound), gap / texts.size(),
                    params.asMap());
        }
    }
}
