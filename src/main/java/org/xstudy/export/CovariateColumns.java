package org.xstudy.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.study.spec.StudySpec;

/**
 * The long CSV's {@code cov_<name>} columns: one per item covariate of the study spec, in order of first
 * appearance, holding the value of the answer's item (NA when the answer has no item or its item lacks the
 * covariate). A covariate that is true/false on every item that has it is logical (TRUE/FALSE), one that is a
 * number on every such item is a number, any other is a string.
 */
final class CovariateColumns {

    private CovariateColumns() {
    }

    static List<Column<ExportRow>> of(StudySpec spec) {
        Map<String, Map<String, Object>> byItem = new HashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (StudySpec.Item item : spec.items()) {
            byItem.put(item.id(), item.covariatesOrEmpty());
            item.covariatesOrEmpty().forEach((name, value) -> types.merge(name, type(value),
                    (a, b) -> a.equals(b) ? a : "string"));
        }
        List<Column<ExportRow>> out = new ArrayList<>();
        types.forEach((name, type) -> out.add(new Column<>(Column.safeName("cov_" + name), type,
                "Item covariate '" + name + "' of the answer's item (from the study spec).",
                type.equals("boolean") ? "TRUE, FALSE or NA" : "any, or NA when the item has none",
                r -> r.item() == null ? null : byItem.getOrDefault(r.item(), Map.of()).get(name))));
        return out;
    }

    private static String type(Object value) {
        return value instanceof Boolean ? "boolean" : value instanceof Number ? "number" : "string";
    }
}
