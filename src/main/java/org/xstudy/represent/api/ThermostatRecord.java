package org.xstudy.represent.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a record of the Thermostat data set (Feldhus et al., 2021) says besides its tokens: the {@code model},
 * {@code explainer} and {@code dataset} (each a name, or a configuration object with a {@code name}; the dataset's
 * {@code label_names}, or a top-level {@code label_names}, name the classes), the gold {@code label} (an index or a
 * name) and the model's {@code predictions} (logits). Thermostat explains the predicted class, so the prediction
 * is also the explained label.
 */
record ThermostatRecord(String model, String explainer, String dataset, String gold, String prediction,
        double probability) {

    /** True if the record looks like Thermostat's: input ids with attributions, and logits or an explainer. */
    static boolean is(JsonNode node) {
        return node.has("input_ids") && node.has("attributions")
                && (node.has("predictions") || node.has("explainer"));
    }

    /** The record's metadata, or null (with the errors added to {@code c}) when it is unusable. */
    static ThermostatRecord read(JsonNode node, String p, Checks c) {
        JsonNode names = node.path("dataset").has("label_names") ? node.get("dataset").get("label_names")
                : node.path("label_names");
        JsonNode ids = node.get("input_ids");
        if (!ids.isArray() || !node.get("attributions").isArray() || ids.size() != node.get("attributions").size()) {
            c.add(p + "/attributions", "needs one number per input id");
            return null;
        }
        JsonNode logits = node.get("predictions");
        if (logits == null || !logits.isArray() || logits.isEmpty() || !allNumbers(logits)) {
            c.add(p + "/predictions", "give the model's logits, one number per class");
            return null;
        }
        if (names.isArray() && names.size() != logits.size()) {
            c.add(p + "/predictions", "needs one logit per label name (" + names.size() + ")");
            return null;
        }
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int i = 0; i < logits.size(); i++) {
            if (logits.get(i).asDouble() > max) {
                max = logits.get(i).asDouble();
                best = i;
            }
        }
        double sum = 0;
        for (JsonNode l : logits) {
            sum += Math.exp(l.asDouble() - max);
        }
        JsonNode label = node.path("label");
        String gold = label.isTextual() ? label.asText()
                : label.canConvertToInt() && label.asInt() >= 0 && label.asInt() < logits.size()
                        ? name(names, label.asInt()) : null;
        return new ThermostatRecord(name(node.get("model")), name(node.get("explainer")), name(node.get("dataset")),
                gold, name(names, best), 1 / sum);
    }

    /** What is kept of the record besides its words: explainer, dataset, gold label, prediction, probability. */
    java.util.Map<String, Object> provenance() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("explainer", explainer);
        out.put("dataset", dataset);
        out.put("goldLabel", gold);
        out.put("prediction", prediction);
        out.put("probability", probability);
        return out;
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static String name(JsonNode names, int index) {
        JsonNode n = names.path(index);
        return n.isTextual() ? n.asText() : "class " + index;
    }

    private static String name(JsonNode value) {
        if (value == null) {
            return null;
        }
        JsonNode n = value.isObject() ? value.get("name") : value;
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
