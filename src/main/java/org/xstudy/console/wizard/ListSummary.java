package org.xstudy.console.wizard;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the wizard shows of a trial-sequence design before the study is made: per list its trials, distinct items
 * and trials per condition, and how many items come under every condition across the lists. Read from the spec
 * that would be created, so it shows what participants will get.
 */
@TemplateData
public record ListSummary(List<String> conditions, List<Row> lists, int items, int itemsUnderEveryCondition) {

    /** One list: id, order, number of trials and of distinct items, and trials per condition (in column order). */
    @TemplateData
    public record Row(String id, String order, int trials, int items, List<Integer> perCondition) {}

    /** The summary of a spec's {@code lists} design of trial sequences, or null for any other design. */
    static ListSummary of(JsonNode spec) {
        JsonNode lists = spec.at("/design/lists");
        if (!spec.at("/design/type").asText().equals("lists") || !lists.isArray()) {
            return null;
        }
        List<String> conditions = spec.get("conditions").findValuesAsText("id");
        Map<String, Set<String>> conditionsOfItem = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (JsonNode list : lists) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            conditions.forEach(c -> counts.put(c, 0));
            Set<String> items = new HashSet<>();
            for (JsonNode trial : list.path("trials")) {
                String item = trial.path("item").asText();
                String condition = trial.path("condition").asText();
                counts.merge(condition, 1, Integer::sum);
                items.add(item);
                conditionsOfItem.computeIfAbsent(item, k -> new HashSet<>()).add(condition);
            }
            rows.add(new Row(list.path("id").asText(), list.path("order").asText("random"),
                    list.path("trials").size(), items.size(), List.copyOf(counts.values())));
        }
        int everywhere = (int) conditionsOfItem.values().stream().filter(s -> s.containsAll(conditions)).count();
        return new ListSummary(conditions, rows, conditionsOfItem.size(), everywhere);
    }
}
