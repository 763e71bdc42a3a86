package org.xstudy.model.cnn;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xstudy.explain.method.Attribution;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.explain.method.Params;
import org.xstudy.model.imports.ExportedModels;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * The trained demo CNN (as the packaged app stores it) on 100 held-out sentences: time per sentence of Integrated
 * Gradients (50 steps), Saliency and occlusion (best of 5 rounds after 30 warm-up sentences), and Integrated
 * Gradients' mean completeness gap. Not a test: runs only with {@code -Dxstudy.bench=true};
 * {@code -Dxstudy.bench.cnn-file} names the model (default {@code ~/.xstudy/models/demo-cnn/cnn.bin}).
 * Figures in docs/models.md.
 */
@EnabledIfSystemProperty(named = "xstudy.bench", matches = "true")
class DemoCnnSpeedBenchmark {

    @Test
    void methods() throws Exception {
        Path file = Path.of(System.getProperty("xstudy.bench.cnn-file",
                System.getProperty("user.home") + "/.xstudy/models/demo-cnn/cnn.bin"));
        List<String> texts = ExportedModels.heldOut().subList(0, 100);
        MethodCatalog catalog = new MethodCatalog();
        try (CnnClassifier model = CnnClassifier.load("demo-cnn", file, PieceTokenizer.bge())) {
            for (String id : List.of("integrated_gradients", "saliency", "occlusion")) {
                AttributionMethod method = catalog.find(id).orElseThrow();
                Params params = method.resolve(Map.of());
                for (String t : texts.subList(0, 30)) {
                    method.attribute(model, t, 1, params);
                }
                double best = Double.MAX_VALUE;
                double gap = 0;
                for (int round = 0; round < 5; round++) {
                    long start = System.nanoTime();
                    for (String t : texts) {
                        Attribution a = method.attribute(model, t, 1, params);
                        Double delta = a.diagnostics().get("convergenceDelta");
                        if (round == 0 && delta != null) {
                            gap += delta / texts.size();
                        }
                    }
                    best = Math.min(best, (System.nanoTime() - start) / 1e6 / texts.size());
                }
                System.out.printf(java.util.Locale.ROOT, "DEMO-CNN %s: %.3f ms per sentence (best of 5 rounds), "
                        + "mean completeness gap %.5f%n", id, best, gap);
            }
        }
    }
}
