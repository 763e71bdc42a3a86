package org.xstudy.model.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xstudy.explain.method.Attribution;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Integrated Gradients' quadrature rules and the cost of one gradient call, on the Kim-CNN that PyTorch exports
 * ({@code export_models.py}, bge WordPiece tokenizer) and its 200 held-out sentences, in one run: time per sentence
 * (the attribution alone) and completeness gap {@code |Σ scores − (F(x) − F(x'))|} for the 50-interval trapezoid
 * and for Gauss–Legendre rules; Saliency and Gradient×Input against one batched forward+backward of the same
 * sentence. Not a test: runs only with {@code -Dxstudy.bench=true} (command in docs/performance.md); prints the
 * table and writes it to {@code target/ig-benchmark-<model>.md}. {@code -Dxstudy.bench.model=transformer.pt} (or
 * {@code bag.pt}) takes another exported model, {@code -Dxstudy.bench.sentences} fewer sentences.
 */
@EnabledIfSystemProperty(named = "xstudy.bench", matches = "true")
class IntegratedGradientsBenchmark {

    private final StringBuilder report = new StringBuilder();

    @Test
    void benchmark() throws Exception {
        Path dir = ExportedModels.folder("wordpiece");
        String file = System.getProperty("xstudy.bench.model", "kim-cnn.pt");
        List<String> texts = ExportedModels.heldOut().subList(0, Integer.getInteger("xstudy.bench.sentences", 200));
        int rounds = Integer.getInteger("xstudy.bench.rounds", 3);
        TorchScriptClassifier.Loaded loaded = TorchScriptClassifier.load(file, dir.resolve(file),
                PieceTokenizer.fromFile(dir.resolve("tokenizer.json"), 512), List.of("negative", "positive"), 16);
        MethodCatalog catalog = new MethodCatalog();
        try (TorchScriptClassifier model = loaded.classifier()) {
            line("wordpiece/%s exported by PyTorch, %d held-out sentences, %d rounds (best round per row), %d cores",
                    file, texts.size(), rounds, Runtime.getRuntime().availableProcessors());
            line("");
            line("| method | rule | model evaluations | ms per sentence | mean gap | max gap |");
            line("|---|---|---:|---:|---:|---:|");
            AttributionMethod ig = catalog.find("integrated_gradients").orElseThrow();
            // warm-up
            for (int i = 0; i < 3; i++) {
                run(model, ig, texts.subList(0, 20), Map.of("rule", "trapezoid", "steps", 50));
                run(model, ig, texts.subList(0, 20), Map.of());
            }
            row(model, ig, texts, rounds, "trapezoid", 50, 51);
            for (int n : new int[] {8, 12, 16, 20, 24}) {
                row(model, ig, texts, rounds, "gauss-legendre", n, n + 2);
            }
            for (String id : List.of("saliency", "gradient_x_input")) {
                AttributionMethod m = catalog.find(id).orElseThrow();
                double best = Double.MAX_VALUE;
                for (int r = 0; r < rounds; r++) {
                    best = Math.min(best, run(model, m, texts, Map.of())[0]);
                }
                line("| %s | – | 1 | %.2f | – | – |", id, best);
            }
            var d = (org.xstudy.model.DifferentiableClassifier) model;
            line("");
            line("Where a gradient call's time goes (ms per sentence, best of %d rounds):", rounds);
            line("");
            line("| part | ms per sentence |");
            line("|---|---:|");
            line("| tokenize (Hugging Face tokenizer through DJL) | %.3f |", best(rounds, texts,
                    t -> model.tokenizer.tokenize(t)));
            line("| encode: tokenize + `embed` forward (before: done 2-3 times per call, now once) | %.3f |",
                    best(rounds, texts, d::encode));
            line("| encode + one forward+backward (the least a gradient method can do) | %.3f |",
                    best(rounds, texts, t -> {
                        var e = d.encode(t);
                        d.gradients(e, java.util.Collections.singletonList(d.embeddings(e)), 1);
                    }));
            line("| encode + forward+backward of 18 inputs in one batch (Gauss-Legendre 16 + ends) | %.3f |",
                    best(rounds, texts, t -> {
                        var e = d.encode(t);
                        d.gradients(e, java.util.Collections.nCopies(18, d.embeddings(e)), 1);
                    }));
            line("| encode + forward+backward of 51 inputs in one batch (trapezoid 50) | %.3f |",
                    best(rounds, texts, t -> {
                        var e = d.encode(t);
                        d.gradients(e, java.util.Collections.nCopies(51, d.embeddings(e)), 1);
                    }));
        }
        Files.writeString(Path.of("target/ig-benchmark-" + file.replace(".pt", "") + ".md"), report.toString());
    }

    private static double best(int rounds, List<String> texts, java.util.function.Consumer<String> work) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (String text : texts) {
                work.accept(text);
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e6 / texts.size());
        }
        return best;
    }

    private void row(TorchScriptClassifier model, AttributionMethod ig, List<String> texts, int rounds, String rule,
            int steps, int evaluations) {
        double[] best = null;
        for (int r = 0; r < rounds; r++) {
            double[] result = run(model, ig, texts, Map.of("rule", rule, "steps", steps));
            if (best == null || result[0] < best[0]) {
                best = result;
            }
        }
        line("| integrated_gradients | %s %d | %d | %.2f | %.5f | %.5f |", rule, steps, evaluations, best[0],
                best[1], best[2]);
    }

    /** Milliseconds per sentence, mean and max gap. */
    private static double[] run(TorchScriptClassifier model, AttributionMethod m, List<String> texts,
            Map<String, ?> params) {
        double gaps = 0;
        double max = 0;
        long t0 = System.nanoTime();
        for (String text : texts) {
            Attribution a = m.attribute(model, text, 1, m.resolve(params));
            Double gap = a.diagnostics().get("convergenceDelta");
            if (gap != null) {
                gaps += gap;
                max = Math.max(max, gap);
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / texts.size();
        return new double[] {ms, gaps / texts.size(), max};
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        report.append(s).append('\n');
    }
}
