package org.xstudy.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xstudy.explain.TokenScore;
import org.xstudy.explain.metric.Agreement;
import org.xstudy.participant.ExplanationHtml;
import org.xstudy.study.spec.Payload;
import org.xstudy.study.spec.StudySpec;

/**
 * What the explanation browser shows of a study: for each item, the explanation of every type its conditions
 * serve, rendered exactly as participants see it, with the faithfulness scores frozen in its provenance, the
 * agreement between the item's word-score explanations ({@link Agreement}), the model's output and the item's
 * covariates.
 */
public final class ExplanationBrowser {

    static final int PAGE_SIZE = 25;
    static final List<String> OUTCOMES = List.of("all", "right", "wrong");
    private static final Map<String, String> FAITHFULNESS = Map.of("comprehensiveness", "comprehensiveness",
            "sufficiency", "sufficiency", "aopcComprehensiveness", "AOPC comprehensiveness", "aopcSufficiency",
            "AOPC sufficiency", "sanity", "model-randomisation sanity (1 − |ρ|)", "margin",
            "counterfactual margin (flipped class − runner-up)", "meaning", "meaning preserved (bge cosine)");
    private static final List<String> FAITHFULNESS_ORDER = List.of("comprehensiveness", "sufficiency",
            "aopcComprehensiveness", "aopcSufficiency", "sanity", "margin", "meaning");

    /** An explanation type the study serves, and whether the filter shows it. */
    public record Method(String key, String label, boolean selected) {}

    /** A named figure, formatted. */
    public record Score(String name, String value) {}

    /** One explanation of an item: its participant HTML (already escaped) and its stored scores. */
    public record Shown(String key, String label, String html, List<Score> scores) {}

    /** Agreement of two word-score explanations of one item. */
    public record Pair(String a, String b, String spearman, String kendall, String topK) {}

    /** One item with the model's output and its explanations side by side. */
    public record Card(String id, String text, String prediction, List<Score> probabilities, String gold, String outcome,
            List<Score> covariates, List<Shown> shown, List<Pair> agreement) {}

    /**
     * The page: the filter's choices, the items of this page, counts, the neighbouring page numbers (0 for none)
     * and the filter as a query string.
     */
    public record View(List<Method> methods, String outcome, List<Card> items, int matching, int total, int page,
            int pages, int previous, int next, String query) {}

    private ExplanationBrowser() {}

    /**
     * The browser for {@code spec}, showing {@code methods} (all when empty) on items whose model was right or
     * wrong; {@code stored} finds the scores of a payload whose provenance holds none itself.
     */
    static View of(StudySpec spec, List<String> methods, String outcome, int page,
            Function<Map<String, Object>, Map<?, ?>> stored) {
        List<String> served = served(spec);
        Set<String> chosen = new LinkedHashSet<>(methods == null ? List.of() : methods);
        chosen.retainAll(served);
        List<String> shownKeys = chosen.isEmpty() ? served : served.stream().filter(chosen::contains).toList();
        String result = outcome != null && OUTCOMES.contains(outcome) ? outcome : "all";
        List<StudySpec.Item> matching = spec.items().stream()
                .filter(i -> result.equals("all") || result.equals(outcome(i))).toList();
        int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.min(Math.max(page, 1), pages);
        Map<String, String> labels = new LinkedHashMap<>();
        served.forEach(k -> labels.put(k, label(spec, k)));
        List<Card> cards = matching.subList((current - 1) * PAGE_SIZE, Math.min(matching.size(), current * PAGE_SIZE))
                .stream().map(i -> card(i, shownKeys, labels, stored)).toList();
        List<Method> options = served.stream().map(k -> new Method(k, labels.get(k), chosen.contains(k))).toList();
        return new View(options, result, cards, matching.size(), spec.items().size(), current, pages, current - 1,
                current < pages ? current + 1 : 0, query(chosen, result));
    }

    /** The explanation types the study's conditions show, in the order of the conditions. */
    static List<String> served(StudySpec spec) {
        return spec.conditions().stream().filter(c -> !c.showsNothing()).map(StudySpec.Condition::explanation)
                .distinct().toList();
    }

    private static Card card(StudySpec.Item item, List<String> keys, Map<String, String> labels,
            Function<Map<String, Object>, Map<?, ?>> stored) {
        List<Shown> shown = new ArrayList<>();
        for (String key : keys) {
            Payload p = item.explanations() == null ? null : item.explanations().get(key);
            shown.add(new Shown(key, labels.get(key), ExplanationHtml.of(item, key),
                    p == null ? List.of() : faithfulness(p.provenance(), stored)));
        }
        List<Score> probabilities = item.prediction().probabilities() == null ? List.of()
                : item.prediction().probabilities().entrySet().stream()
                        .map(e -> new Score(e.getKey(), num(e.getValue()))).toList();
        List<Score> covariates = item.covariatesOrEmpty().entrySet().stream()
                .map(e -> new Score(e.getKey(), String.valueOf(e.getValue()))).toList();
        return new Card(item.id(), item.text(), item.prediction().label(), probabilities, item.gold(), outcome(item),
                covariates, shown, agreement(item, keys, labels));
    }

    /** {@code right} or {@code wrong} by the gold label, or {@code unknown} without one. */
    static String outcome(StudySpec.Item item) {
        if (item.gold() == null) {
            return "unknown";
        }
        return item.gold().equals(item.prediction().label()) ? "right" : "wrong";
    }

    /**
     * Faithfulness scores in a payload's provenance, directly or under {@code faithfulness}, else where
     * {@code stored} finds them.
     */
    static List<Score> faithfulness(Map<String, Object> provenance,
            Function<Map<String, Object>, Map<?, ?>> stored) {
        if (provenance == null) {
            return List.of();
        }
        List<Score> inline = scores(provenance.get("faithfulness") instanceof Map<?, ?> m ? m : provenance);
        return inline.isEmpty() ? scores(stored.apply(provenance)) : inline;
    }

    private static List<Score> scores(Map<?, ?> source) {
        List<Score> out = new ArrayList<>();
        for (String key : FAITHFULNESS_ORDER) {
            Object v = source.get(key);
            if (v instanceof Number n) {
                out.add(new Score(FAITHFULNESS.get(key), num(n.doubleValue())));
            } else if (v instanceof String text && key.equals("sanity")) {
                out.add(new Score(FAITHFULNESS.get(key), text));
            } else if (v instanceof Map<?, ?> byK && !byK.isEmpty()) {
                List<String> parts = new ArrayList<>();
                byK.forEach((k, x) -> parts.add(k + "%: " + (x instanceof Number n ? num(n.doubleValue()) : "–")));
                out.add(new Score(FAITHFULNESS.get(key) + " by k", String.join(", ", parts)));
            }
        }
        return out;
    }

    private static List<Pair> agreement(StudySpec.Item item, List<String> keys, Map<String, String> labels) {
        List<String> scored = keys.stream().filter(k -> tokens(item, k) != null).toList();
        List<Pair> out = new ArrayList<>();
        for (int a = 0; a < scored.size(); a++) {
            for (int b = a + 1; b < scored.size(); b++) {
                List<TokenScore> x = tokens(item, scored.get(a));
                List<TokenScore> y = tokens(item, scored.get(b));
                if (!sameWords(x, y)) {
                    continue;
                }
                Agreement.Report r = Agreement.of(scores(x), scores(y));
                out.add(new Pair(labels.get(scored.get(a)), labels.get(scored.get(b)), num(r.spearman()),
                        num(r.kendall()), num(r.topKIntersection()) + " (k = " + r.k() + ")"));
            }
        }
        return out;
    }

    private static List<TokenScore> tokens(StudySpec.Item item, String key) {
        Payload p = item.explanations() == null ? null : item.explanations().get(key);
        return p != null && Payload.TOKEN_SCORES.equals(p.kind()) && p.tokens() != null && !p.tokens().isEmpty()
                ? p.tokens() : null;
    }

    private static boolean sameWords(List<TokenScore> x, List<TokenScore> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i).start() != y.get(i).start() || x.get(i).end() != y.get(i).end()) {
                return false;
            }
        }
        return true;
    }

    private static double[] scores(List<TokenScore> tokens) {
        return tokens.stream().mapToDouble(TokenScore::score).toArray();
    }

    /** The type's key with the method of its first payload, e.g. {@code heatmap (integrated-gradients)}. */
    private static String label(StudySpec spec, String key) {
        return spec.items().stream().map(i -> i.explanations() == null ? null : i.explanations().get(key))
                .filter(p -> p != null && p.method() != null && !p.method().equals(key)).findFirst()
                .map(p -> key + " (" + p.method() + ")").orElse(key);
    }

    private static String query(Set<String> methods, String outcome) {
        List<String> parts = new ArrayList<>();
        methods.forEach(m -> parts.add("method=" + URLEncoder.encode(m, StandardCharsets.UTF_8)));
        parts.add("outcome=" + outcome);
        return String.join("&", parts);
    }

    private static String num(Double v) {
        return v == null || !Double.isFinite(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }
}
