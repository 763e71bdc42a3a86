package org.xstudy.explain.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.xstudy.explain.Explanation;
import org.xstudy.explain.JsonText;
import org.xstudy.explain.TokenScore;
import org.xstudy.explain.method.AnchorRule;

/**
 * An explanation as the API returns it: the words with their character offsets and scores (parallel arrays), the
 * prediction and class probabilities, the automatic metrics, the provenance, whether it came from the store, and
 * for Anchors the rule in words ({@link AnchorRule}).
 */
public record ExplanationView(long id, String text, String model, String method, Map<String, Object> params,
        int target, String targetLabel, List<String> tokens, List<int[]> offsets, List<Double> scores,
        int prediction, String predictionLabel, List<String> labels, List<Double> probabilities,
        Map<String, Object> metrics, Provenance provenance, boolean cached, String rule) {

    /** Where the explanation comes from, enough to reproduce it. */
    public record Provenance(String modelId, String modelHash, String method, Map<String, Object> params, Long seed,
            String libraryVersion, double runtimeMs, String textHash, int computations, OffsetDateTime createdAt,
            OffsetDateTime computedAt) {}

    public static ExplanationView of(Explanation e, boolean cached, ObjectMapper json) {
        List<TokenScore> words = JsonText.read(json, e.tokens, new TypeReference<>() {});
        List<String> labels = JsonText.read(json, e.labels, new TypeReference<>() {});
        Map<String, Object> params = JsonText.read(json, e.params, new TypeReference<>() {});
        Map<String, Object> metrics = JsonText.read(json, e.metrics, new TypeReference<>() {});
        String rule = null;
        if ("anchors".equals(e.method) && metrics != null && metrics.get("diagnostics") instanceof Map<?, ?> d) {
            @SuppressWarnings("unchecked")
            Map<String, ?> diagnostics = (Map<String, ?>) d;
            rule = AnchorRule.of(words, labels.get(e.target), diagnostics).sentence();
        }
        return new ExplanationView(e.id, e.text, e.modelId, e.method, params, e.target, labels.get(e.target),
                words.stream().map(TokenScore::token).toList(),
                words.stream().map(w -> new int[] {w.start(), w.end()}).toList(),
                words.stream().map(TokenScore::score).toList(),
                e.prediction, labels.get(e.prediction), labels,
                JsonText.read(json, e.probabilities, new TypeReference<>() {}),
                metrics,
                new Provenance(e.modelId, e.modelHash, e.method, params, e.seed, e.libraryVersion, e.runtimeMs,
                        e.textHash, e.computations, e.createdAt, e.computedAt),
                cached, rule);
    }
}
