package org.xstudy.represent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.counterfactual.Counterfactual;
import org.xstudy.represent.counterfactual.CounterfactualSearch;
import org.xstudy.represent.counterfactual.OpinionLexicon;
import org.xstudy.represent.counterfactual.Pos;
import org.xstudy.represent.counterfactual.SubstitutionSource;
import org.xstudy.represent.counterfactual.WordNetSource;
import org.xstudy.represent.rationale.Rationale;
import org.xstudy.represent.rationale.RationaleView;
import org.xstudy.represent.render.CounterfactualDiff;
import org.xstudy.represent.render.ExampleList;
import org.xstudy.represent.render.Heatmap;
import org.xstudy.represent.render.HeatmapExport;
import org.xstudy.represent.render.HeatmapFigure;
import org.xstudy.represent.render.HeatmapLayout;
import org.xstudy.represent.render.Normalization;
import org.xstudy.represent.verbal.TemplateVerbalizer;

/**
 * Benchmark of the representations (prints figures; not a test) and, with {@code --pictures DIR}, the example
 * pages and PNGs of docs/explanations.md. The model is a closed-form bag-of-words logistic regression whose word
 * weights are the VADER valences / 2 (when the lexicon file exists) or a small built-in list.
 */
public final class RepresentBenchmark {

    static final String TEXT = "a gorgeous, witty, seductive movie, though the plot is thin and the ending drags.";

    private RepresentBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path lexiconFile = Path.of(System.getenv().getOrDefault("XSTUDY_LEXICON_FILE",
                System.getProperty("user.home") + "/.cache/xstudy/vader_lexicon.txt"));
        OpinionLexicon lexicon = Files.isReadable(lexiconFile) ? OpinionLexicon.read(lexiconFile, 6) : null;
        Map<String, Double> weights = new HashMap<>(Map.of("gorgeous", 1.5, "witty", 0.8, "seductive", 0.6,
                "thin", -0.9, "drags", -1.2, "dull", -1.1, "ugly", -1.4));
        if (lexicon != null) {
            for (String w : List.of("gorgeous", "witty", "seductive", "thin", "drags", "ugly", "dull", "boring")) {
                if (lexicon.valence(w) != 0) {
                    weights.put(w, lexicon.valence(w) / 2);
                }
            }
        }
        BagOfWordsClassifier model = new BagOfWordsClassifier(weights, 0.2);
        List<TokenScore> scores = model.words(TEXT).stream()
                .map(w -> new TokenScore(w.text(), w.start(), w.end(), model.weight(w.text()))).toList();
        System.out.printf(Locale.ROOT, "Machine: %d cores; opinion lexicon: %s%n",
                Runtime.getRuntime().availableProcessors(), lexicon == null ? "absent" : lexicon.size() + " words");

        time("heatmap HTML, one 14-word sentence", 2000,
                () -> Heatmap.html(TEXT, scores, Normalization.INSTANCE, null, "positive"));
        HeatmapLayout layout = HeatmapLayout.of(TEXT, scores, Normalization.INSTANCE, null, "positive");
        time("heatmap SVG export", 500, () -> HeatmapExport.svg(HeatmapFigure.of(layout, 560, 18)));
        time("heatmap PNG export (2x)", 50, () -> HeatmapExport.png(HeatmapFigure.of(layout, 560, 18), 2));
        time("template verbalization search (budget 30)", 2000, () -> TemplateVerbalizer.verbalize(TEXT, scores,
                "positive", 0.83, TemplateVerbalizer.Options.defaults()));
        long t0 = System.nanoTime();
        new WordNetSource(6).substitutes("good", Pos.ADJ);
        System.out.printf(Locale.ROOT, "%-48s %10.1f ms (once per JVM)%n", "WordNet load + first lookup",
                (System.nanoTime() - t0) / 1e6);
        List<SubstitutionSource> sources = new ArrayList<>(List.of(new WordNetSource(6)));
        if (lexicon != null) {
            sources.add(lexicon);
        }
        CounterfactualSearch search = new CounterfactualSearch(model, sources, lexicon);
        int callsBefore = model.calls();
        int textsBefore = model.texts();
        List<Counterfactual> found = search.search(TEXT, scores, CounterfactualSearch.Options.defaults());
        System.out.printf(Locale.ROOT, "counterfactual search: %d found, %d model calls, %d texts scored%n",
                found.size(), model.calls() - callsBefore, model.texts() - textsBefore);
        time("counterfactual search (3 CFs, <= 3 edits)", 20,
                () -> search.search(TEXT, scores, CounterfactualSearch.Options.defaults()));

        if (args.length == 2 && args[0].equals("--pictures")) {
            pictures(Path.of(args[1]), layout, scores, found);
        }
    }

    private static void time(String what, int runs, Supplier<?> work) {
        for (int i = 0; i < Math.max(3, runs / 10); i++) {
            work.get();
        }
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            work.get();
        }
        double ms = (System.nanoTime() - start) / 1e6 / runs;
        System.out.printf(Locale.ROOT, "%-48s %10.3f ms per call (%d runs)%n", what, ms, runs);
    }

    private static void pictures(Path dir, HeatmapLayout layout, List<TokenScore> scores, List<Counterfactual> found)
            throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("heatmap.png"), HeatmapExport.png(HeatmapFigure.of(layout, 560, 18), 1.5));
        Files.writeString(dir.resolve("heatmap.svg"), HeatmapExport.svg(HeatmapFigure.of(layout, 560, 18)));
        page(dir, "heatmap-html", Heatmap.html(layout));
        Rationale top = Rationale.select(scores, Rationale.Mode.TOP_K, 3);
        page(dir, "rationale", RationaleView.highlights(TEXT, scores, top)
                + RationaleView.snippets(TEXT, scores, top));
        page(dir, "template", "<p class=\"xh-verbal\">" + org.xstudy.represent.render.Markup.escape(
                TemplateVerbalizer.verbalize(TEXT, scores, "positive", 0.83,
                        new TemplateVerbalizer.Options(30, 3, false, true)).text()) + "</p>");
        StringBuilder cfs = new StringBuilder("<ol class=\"xh-cfs\">");
        found.forEach(cf -> cfs.append("<li>").append(CounterfactualDiff.html(TEXT, cf.text())).append("</li>"));
        page(dir, "counterfactual", cfs.append("</ol>").toString());
        page(dir, "examples", ExampleList.html(List.of(
                new ExampleList.Example("a witty, gorgeous film that never drags.", "positive", "positive", 0.81),
                new ExampleList.Example("the plot is thin, but the cast is seductive.", "negative", "positive", 0.74))));
    }

    private static void page(Path dir, String name, String fragment) throws Exception {
        String css = Files.readString(Path.of("frontend/css/heatmap.css"));
        Files.writeString(dir.resolve(name + ".html"), "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
                + "<style>body{font-family:'DejaVu Sans',sans-serif;max-width:600px;margin:12px}" + css
                + "</style><body>" + fragment + "</body></html>");
    }
}
