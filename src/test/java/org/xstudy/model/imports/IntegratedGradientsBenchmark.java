package org.xstudy.model.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xstudy.explain.method.Attribution;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.explain.method.Params;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Integrated Gradients' quadrature rules on the Kim-CNN that PyTorch exports ({@code export_models.py}, bge WordPiece
 * tokenizer) and its 200 held-out sentences, in one run: the 50-interval trapezoid and the adaptive rule (and
 * Gauss–Legendre 16) interleaved sentence by sentence, so that the machine's load falls on all alike. For each: time
 * per sentence (the attribution alone), model inputs, completeness gap {@code |Σ scores − (F(x) − F(x'))|} (mean,
 * 95th percentile, max) and the word scores' difference from a 1,000-interval trapezoid. Then Saliency and
 * Gradient×Input against the model's own forward+backward on the same sentence, and where one gradient call's
 * time goes ({@link GradientCallProfile}). Not a test: runs only with {@code -Dxstudy.bench=true} (command in
 * docs/performance.md); prints the tables and writes them to {@code target/ig-benchmark-<model>.md}.
 * {@code -Dxstudy.bench.model=transformer.pt} (or {@code bag.pt}) takes another exported model,
 * {@code -Dxstudy.bench.sentences} fewer sentences, {@code -Dxstudy.bench.rounds} more or fewer timed rounds.
 */
@EnabledIfSystemProperty(named = "xstudy.bench", matches = "true")
class IntegratedGradientsBenchmark {

    private static final int REFERENCE_STEPS = 1000;

    private final StringBuilder report = new StringBuilder();

    /** One rule's parameters and what was measured for it. */
    private record Rule(String name, Map<String, Object> params, double[] ms, double[] gaps, double[] points,
            double[] calls, double[] maxWordError, double[] meanWordError) {

        static Rule of(String name, Map<String, Object> params, int rounds, int sentences) {
            return new Rule(name, params, new double[rounds], new double[sentences], new double[sentences],
                    new double[sentences], new double[sentences], new double[sentences]);
        }
    }

    @Test
    void benchmark() throws Exception {
        Path dir = ExportedModels.folder("wordpiece");
        String file = System.getProperty("xstudy.bench.model", "kim-cnn.pt");
        List<String> texts = ExportedModels.heldOut().subList(0, Integer.getInteger("xstudy.bench.sentences", 200));
        int rounds = Integer.getInteger("xstudy.bench.rounds", 5);
        TorchScriptClassifier.Loaded loaded = TorchScriptClassifier.load(file, dir.resolve(file),
                PieceTokenizer.fromFile(dir.resolve("tokenizer.json"), 512), List.of("negative", "positive"), 16);
        MethodCatalog catalog = new MethodCatalog();
        AttributionMethod ig = catalog.find("integrated_gradients").orElseThrow();
        try (TorchScriptClassifier model = loaded.classifier()) {
            DifferentiableClassifier d = (DifferentiableClassifier) model;
            line("wordpiece/%s exported by PyTorch, %d held-out sentences, %d interleaved rounds, %d cores, "
                    + "load average %s at the start", file, texts.size(), rounds,
                    Runtime.getRuntime().availableProcessors(), load());
            List<double[]> reference = new ArrayList<>();
            double refGap = 0;
            for (String text : texts) {
                FineTrapezoid r = FineTrapezoid.of(d, text, 1, REFERENCE_STEPS);
                reference.add(r.words());
                refGap = Math.max(refGap, r.gap());
            }
            List<Rule> rules = new ArrayList<>();
            rules.add(Rule.of("trapezoid, 50 intervals", Map.of("rule", "trapezoid", "steps", 50), rounds,
                    texts.size()));
            rules.add(Rule.of("adaptive, steps 16, tolerance 0.002 (its defaults)", Map.of("rule", "adaptive"), rounds,
                    texts.size()));
            for (String variant : System.getProperty("xstudy.bench.adaptive", "").split(";")) {
                if (!variant.isBlank()) {
                    // e.g. 8:0.005 = steps 8, tolerance 0.005
                    String[] st = variant.split(":");
                    String r = st.length > 2 ? st[2] : "adaptive";
                    rules.add(Rule.of(r + ", steps " + st[0] + ", tolerance " + st[1], Map.of("steps",
                            Integer.parseInt(st[0]), "tolerance", Double.parseDouble(st[1]), "rule", r), rounds,
                            texts.size()));
                }
            }
            if (!Boolean.getBoolean("xstudy.bench.no-gauss-legendre")) {
                rules.add(Rule.of("Gauss-Legendre, 16 nodes", Map.of("rule", "gauss-legendre", "steps", 16), rounds,
                        texts.size()));
            }
            for (Rule rule : rules) {
                // warm-up
                for (String text : texts.subList(0, Math.min(30, texts.size()))) {
                    run(model, ig, text, rule, null, -1, -1);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int s = 0; s < texts.size(); s++) {
                    for (int k = 0; k < rules.size(); k++) {
                        // rotate the order sentence by sentence
                        Rule rule = rules.get((k + s + r) % rules.size());
                        run(model, ig, texts.get(s), rule, reference.get(s), s, r);
                    }
                }
            }
            line("");
            line("Largest completeness gap of the %d-interval trapezoid reference: %.6f", REFERENCE_STEPS, refGap);
            line("");
            line("| rule | model inputs per sentence (mean) | gradient calls (mean) | ms per sentence (median of "
                    + "rounds) | per round | mean gap | p95 gap | max gap | word scores vs reference: mean max abs "
                    + "diff | p95 | mean abs diff |");
            line("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
            for (Rule rule : rules) {
                double[] perRound = rule.ms().clone();
                for (int r = 0; r < rounds; r++) {
                    perRound[r] /= texts.size();
                }
                line("| %s | %.1f | %.1f | %.2f | %s | %.5f | %.5f | %.5f | %.5f | %.5f | %.6f |", rule.name(),
                        mean(rule.points()), mean(rule.calls()), median(perRound), fmt(perRound), mean(rule.gaps()),
                        quantile(rule.gaps(), 0.95), max(rule.gaps()), mean(rule.maxWordError()),
                        quantile(rule.maxWordError(), 0.95), mean(rule.meanWordError()));
            }
            line("");
            for (Rule rule : rules.subList(1, rules.size())) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = rules.get(0).ms()[r] / rule.ms()[r];
                }
                line("Time of the trapezoid-50 / time of %s, per round: %s (median %.2f)", rule.name(), fmt(ratio),
                        median(ratio));
            }
            line("");
            new GradientCallProfile(model, texts, rounds, this::line).run(catalog);
            line("");
            line("load average at the end: %s", load());
        }
        Files.writeString(Path.of("target/ig-benchmark-" + file.replace(".pt", "") + ".md"), report.toString());
    }

    /** Runs the rule on one text; in a timed round, adds its time and records its accuracy against the reference. */
    private static void run(TorchScriptClassifier model, AttributionMethod ig, String text, Rule rule,
            double[] reference, int sentence, int round) {
        Params params = ig.resolve(rule.params());
        long t0 = System.nanoTime();
        Attribution a = ig.attribute(model, text, 1, params);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (round < 0) {
            return;
        }
        rule.ms()[round] += ms;
        double[] s = a.scores();
        double worst = 0;
        double total = 0;
        for (int w = 0; w < s.length; w++) {
            worst = Math.max(worst, Math.abs(s[w] - reference[w]));
            total += Math.abs(s[w] - reference[w]);
        }
        rule.gaps()[sentence] = a.diagnostics().get("convergenceDelta");
        rule.points()[sentence] = a.diagnostics().getOrDefault("pathPoints", pointsOf(params));
        rule.calls()[sentence] = a.diagnostics().getOrDefault("rounds", 1.0);
        rule.maxWordError()[sentence] = worst;
        rule.meanWordError()[sentence] = s.length == 0 ? 0 : total / s.length;
    }

    private static double pointsOf(Params p) {
        int steps = p.getInt("steps");
        return "trapezoid".equals(p.getString("rule")) ? steps + 1 : steps + 2;
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    static double median(double[] v) {
        return quantile(v, 0.5);
    }

    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.max(0, Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1))];
    }

    static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) {
            sb.append(sb.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", x));
        }
        return sb.toString();
    }

    void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        report.append(s).append('\n');
    }
}
