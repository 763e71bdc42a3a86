package org.xstudy.study.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xstudy.represent.render.Scores;

/**
 * The items of a study specification for {@link SpecValidator}: their text, the model's prediction, perturbations and
 * explanation payloads (token scores, texts, counterfactuals, examples, composites). Fills {@code items} by id for the
 * checks of conditions and lists that follow.
 */
final class ItemChecks {

    private static final Set<String> ITEM = Set.of("id", "text", "prediction", "gold", "explanations", "perturbations",
            "covariates");
    private static final Set<String> PREDICTION = Set.of("label", "probabilities");
    private static final Set<String> PAYLOAD = Set.of("kind", "ref", "method", "tokens", "text", "editedText",
            "prediction", "examples", "provenance", "parts");
    private static final Set<String> TOKEN = Set.of("token", "start", "end", "score");
    private static final Set<String> EXAMPLE = Set.of("text", "gold", "prediction", "similarity");
    private static final Set<String> PERTURBATION = Set.of("id", "text", "prediction");

    private final Checker c;
    private final Set<String> labels;
    private final Map<String, JsonNode> items;

    ItemChecks(Checker c, Set<String> labels, Map<String, JsonNode> items) {
        this.c = c;
        this.labels = labels;
        this.items = items;
    }

    void check(JsonNode node) {
        if (!c.array(node, "/items", true, 1)) {
            return;
        }
        if (node.size() > SpecValidator.MAX_ITEMS) {
            c.error("/items", "At most " + SpecValidator.MAX_ITEMS + " items.");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            String p = "/items/" + i;
            JsonNode item = node.get(i);
            if (!c.object(item, p, true)) {
                continue;
            }
            c.onlyFields(item, p, ITEM);
            String id = c.id(item.get("id"), p + "/id");
            if (id != null && items.putIfAbsent(id, item) != null) {
                c.error(p + "/id", "Duplicate item id '" + id + "'.");
            }
            String text = c.text(item.get("text"), p + "/text", true, SpecValidator.MAX_TEXT);
            prediction(item.get("prediction"), p + "/prediction", true);
            String gold = c.text(item.get("gold"), p + "/gold", false, 100);
            c.oneOf(gold, p + "/gold", labels, "label");
            JsonNode ex = item.get("explanations");
            if (c.object(ex, p + "/explanations", false)) {
                for (Iterator<Map.Entry<String, JsonNode>> it = ex.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String key = e.getKey();
                    String kp = Checker.at(p + "/explanations", key);
                    if (!key.matches("[a-z][a-z0-9_-]{0,40}") || key.equals("none")) {
                        c.error(kp, "An explanation type is lowercase letters, digits, '_' and '-' (and not 'none').");
                    }
                    payload(e.getValue(), kp, text, key, ex);
                }
            }
            Covariates.check(c, item.get("covariates"), p + "/covariates");
            JsonNode perts = item.get("perturbations");
            if (c.array(perts, p + "/perturbations", false, 0)) {
                Set<String> seen = new HashSet<>();
                for (int j = 0; j < perts.size(); j++) {
                    String pp = p + "/perturbations/" + j;
                    JsonNode pert = perts.get(j);
                    if (!c.object(pert, pp, true)) {
                        continue;
                    }
                    c.onlyFields(pert, pp, PERTURBATION);
                    String pid = c.id(pert.get("id"), pp + "/id");
                    if (pid != null && !seen.add(pid)) {
                        c.error(pp + "/id", "Duplicate perturbation id '" + pid + "'.");
                    }
                    c.text(pert.get("text"), pp + "/text", true, SpecValidator.MAX_TEXT);
                    prediction(pert.get("prediction"), pp + "/prediction", true);
                }
            }
        }
    }

    private void prediction(JsonNode node, String p, boolean required) {
        if (!c.object(node, p, required)) {
            return;
        }
        c.onlyFields(node, p, PREDICTION);
        String label = c.text(node.get("label"), p + "/label", true, 100);
        c.oneOf(label, p + "/label", labels, "label");
        JsonNode probs = node.get("probabilities");
        if (c.object(probs, p + "/probabilities", false)) {
            double sum = 0;
            boolean ok = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = probs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String pp = Checker.at(p + "/probabilities", e.getKey());
                c.oneOf(e.getKey(), pp, labels, "label");
                Double v = c.number(e.getValue(), pp, true, 0, 1);
                if (v == null) {
                    ok = false;
                } else {
                    sum += v;
                }
            }
            if (ok && probs.size() == labels.size() && Math.abs(sum - 1) > 0.01) {
                c.error(p + "/probabilities", "Probabilities over all labels must sum to 1 (they sum to " + sum + ").");
            }
        }
    }

    private void payload(JsonNode node, String p, String itemText, String key, JsonNode siblings) {
        if (!c.object(node, p, true)) {
            return;
        }
        c.onlyFields(node, p, PAYLOAD);
        if (node.hasNonNull("ref")) {
            c.text(node.get("ref"), p + "/ref", true, 200);
            return;
        }
        String kind = c.text(node.get("kind"), p + "/kind", true, 40);
        c.oneOf(kind, p + "/kind", Payload.KINDS, "payload kind");
        c.text(node.get("method"), p + "/method", false, 100);
        if (kind == null) {
            return;
        }
        switch (kind) {
            case Payload.TOKEN_SCORES -> tokens(node.get("tokens"), p + "/tokens", itemText);
            case Payload.TEXT -> c.text(node.get("text"), p + "/text", true, SpecValidator.MAX_TEXT);
            case Payload.COUNTERFACTUAL -> {
                c.text(node.get("editedText"), p + "/editedText", true, SpecValidator.MAX_TEXT);
                prediction(node.get("prediction"), p + "/prediction", true);
            }
            case Payload.EXAMPLES -> examples(node.get("examples"), p + "/examples");
            case Payload.COMPOSITE -> parts(node.get("parts"), p + "/parts", key, siblings);
            default -> { }
        }
        JsonNode provenance = node.get("provenance");
        if (c.object(provenance, p + "/provenance", false)) {
            // a string "false" would silently draw magnitudes on the signed scale
            c.bool(provenance.get(Scores.SIGNED), p + "/provenance/" + Scores.SIGNED);
        }
        if ("placebo".equals(key) && !Payload.TOKEN_SCORES.equals(kind)) {
            c.error(p + "/kind", "A placebo payload is token-scores, so it renders exactly like a heatmap.");
        }
    }

    /** A composite's parts: 2 to 6 distinct other explanation types of the same item, none itself a composite. */
    private void parts(JsonNode node, String p, String key, JsonNode siblings) {
        if (!c.array(node, p, true, 2)) {
            return;
        }
        if (node.size() > Payload.MAX_PARTS) {
            c.error(p, "A composite shows at most " + Payload.MAX_PARTS + " explanations.");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String pp = p + "/" + i;
            String part = c.text(node.get(i), pp, true, 41);
            if (part == null) {
                continue;
            }
            JsonNode sibling = siblings.get(part);
            if (part.equals(key) || sibling == null) {
                c.error(pp, "Name another explanation type of this item (one of " + otherKeys(siblings, key) + ").");
            } else if (Payload.COMPOSITE.equals(sibling.path("kind").asText(null))) {
                c.error(pp, "A composite's parts are not composites themselves.");
            } else if (!seen.add(part)) {
                c.error(pp, "Each explanation is shown once.");
            }
        }
    }

    private static List<String> otherKeys(JsonNode siblings, String key) {
        List<String> out = new java.util.ArrayList<>();
        siblings.fieldNames().forEachRemaining(k -> {
            if (!k.equals(key)) {
                out.add(k);
            }
        });
        return out;
    }

    private void tokens(JsonNode node, String p, String itemText) {
        if (!c.array(node, p, true, 1)) {
            return;
        }
        int previousEnd = 0;
        for (int i = 0; i < node.size(); i++) {
            String tp = p + "/" + i;
            JsonNode t = node.get(i);
            if (!c.object(t, tp, true)) {
                continue;
            }
            c.onlyFields(t, tp, TOKEN);
            String token = c.text(t.get("token"), tp + "/token", true, 500);
            int max = itemText == null ? Integer.MAX_VALUE : itemText.length();
            Integer start = c.integer(t.get("start"), tp + "/start", true, 0, max);
            Integer end = c.integer(t.get("end"), tp + "/end", true, 0, max);
            c.number(t.get("score"), tp + "/score", true, -1e9, 1e9);
            if (start != null && end != null) {
                if (end <= start) {
                    c.error(tp + "/end", "end must be greater than start.");
                } else if (start < previousEnd) {
                    c.error(tp + "/start", "Tokens must be in text order and must not overlap.");
                } else if (itemText != null && token != null && !itemText.substring(start, end).equals(token)) {
                    c.error(tp + "/token", "The item text at [" + start + ", " + end + ") is '"
                            + itemText.substring(start, end) + "', not this token.");
                }
                previousEnd = Math.max(previousEnd, end);
            }
        }
    }

    private void examples(JsonNode node, String p) {
        if (!c.array(node, p, true, 1)) {
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            String ep = p + "/" + i;
            JsonNode e = node.get(i);
            if (!c.object(e, ep, true)) {
                continue;
            }
            c.onlyFields(e, ep, EXAMPLE);
            c.text(e.get("text"), ep + "/text", true, SpecValidator.MAX_TEXT);
            c.oneOf(c.text(e.get("gold"), ep + "/gold", false, 100), ep + "/gold", labels, "label");
            c.oneOf(c.text(e.get("prediction"), ep + "/prediction", false, 100), ep + "/prediction", labels, "label");
            c.number(e.get("similarity"), ep + "/similarity", false, -1, 1);
        }
    }
}
