package org.xstudy.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xstudy.explain.JsonText;
import org.xstudy.explain.TokenScore;
import org.xstudy.explain.api.ExplanationView;
import org.xstudy.explain.job.JobResult;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.represent.render.Heatmap;
import org.xstudy.represent.render.Normalization;

/**
 * What the console shows of a page of a precompute job's results: each task with its parameters, status, the
 * model's output, the AOPC faithfulness scores and the explanation as a heatmap (HTML already escaped); the
 * filter as a query string for the page links and the CSV download.
 *
 * @param number the page's number from 1; {@code previous} and {@code next} are page indexes from 0, -1 for none
 */
public record PrecomputeResultsView(JobResult.Page page, List<Row> rows, int number, int pages, int previous,
        int next, String query) {

    /** One task, ready to show; {@code heatmap} is null without an explanation. */
    public record Row(int position, String itemKey, String text, String method, String params, String status,
            String error, Long explanationId, String prediction, String target, String comprehensiveness,
            String sufficiency, String heatmap) {}

    /** @param methods tells signed scores from magnitudes, which get a one-colour heatmap */
    static PrecomputeResultsView of(JobResult.Page page, ObjectMapper json, MethodCatalog methods) {
        List<Row> rows = page.results().stream().map(r -> row(r, json, methods)).toList();
        int pages = (int) Math.max(1, (page.total() + page.size() - 1) / page.size());
        List<String> filter = new ArrayList<>();
        if (page.method() != null) {
            filter.add("method=" + URLEncoder.encode(page.method(), StandardCharsets.UTF_8));
        }
        if (page.status() != null) {
            filter.add("status=" + page.status());
        }
        return new PrecomputeResultsView(page, rows, page.page() + 1, pages, page.page() > 0 ? page.page() - 1 : -1,
                page.page() + 1 < pages ? page.page() + 1 : -1, String.join("&", filter));
    }

    private static Row row(JobResult r, ObjectMapper json, MethodCatalog methods) {
        ExplanationView e = r.explanation();
        String params = JsonText.write(json, r.params());
        if (e == null) {
            return new Row(r.position(), r.itemKey(), r.text(), r.method(), params, r.status(), r.error(),
                    r.explanationId(), null, null, null, null, null);
        }
        Map<?, ?> faithfulness = e.metrics().get("faithfulness") instanceof Map<?, ?> m ? m : Map.of();
        return new Row(r.position(), r.itemKey(), r.text(), r.method(), params, r.status(), r.error(),
                r.explanationId(), e.predictionLabel(), e.targetLabel(), num(faithfulness.get("aopcComprehensiveness")),
                num(faithfulness.get("aopcSufficiency")), heatmap(e, methods.signed(e.method(), e.params())));
    }

    private static String heatmap(ExplanationView e, boolean signed) {
        List<TokenScore> words = new ArrayList<>();
        for (int i = 0; i < e.tokens().size(); i++) {
            words.add(new TokenScore(e.tokens().get(i), e.offsets().get(i)[0], e.offsets().get(i)[1],
                    e.scores().get(i)));
        }
        try {
            return Heatmap.html(e.text(), words, Normalization.INSTANCE, null, e.targetLabel(), signed);
        } catch (IllegalArgumentException bad) {
            return null;
        }
    }

    private static String num(Object v) {
        return v instanceof Number n && Double.isFinite(n.doubleValue())
                ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "–";
    }
}
