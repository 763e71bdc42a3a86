package org.xstudy.study;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Specs in the style of Feldhus et al. (2023), Saliency Map Verbalization: each item is shown to the same
 * participant under four explanation types (heatmap, extractive rationale, template and LLM verbalization) through
 * trial-sequence lists; participants predict the model's output ("I don't know" allowed) and rate helpfulness and
 * ease on 1–7 scales. Every payload is defined once on its item and only referenced by the trials.
 *
 * <p>Item {@code i} (0-based) has the model output {@code positive} when i is even; the gold label disagrees with
 * the model on every fourth item (i mod 4 = 3); its covariate {@code coverage} is {@code (i mod 5) / 4}.
 */
public final class SmvStudy {

    public static final List<String> CONDITIONS = List.of("heatmap", "rationale", "template", "llm");
    private static final String[] WORDS = {"the", "film", "is", "a", "gripping", "dull", "story", "with", "fine",
        "acting", "but", "tedious", "pacing", "and", "beautifully", "shot", "scenes", "that", "never", "land"};

    private SmvStudy() {}

    public static String itemId(int i) {
        return String.format(Locale.ROOT, "s%04d", i);
    }

    public static boolean modelPositive(int i) {
        return i % 2 == 0;
    }

    public static boolean modelWrong(int i) {
        return i % 4 == 3;
    }

    public static double coverage(int i) {
        return (i % 5) / 4.0;
    }

    /**
     * A spec of {@code items} items of {@code words} words each and {@code lists} trial-sequence lists, each
     * showing every item under every condition ({@code items × 4} trials per list), in fixed order.
     */
    public static ObjectNode spec(int items, int words, int lists) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode s = f.objectNode();
        s.put("specVersion", 1).put("slug", "smv-" + UUID.randomUUID().toString().substring(0, 8))
                .put("title", "Saliency map verbalization");
        s.putArray("labels").add("negative").add("positive");
        ArrayNode itemArray = s.putArray("items");
        for (int i = 0; i < items; i++) {
            itemArray.add(item(i, words));
        }
        ArrayNode conditions = s.putArray("conditions");
        CONDITIONS.forEach(c -> conditions.addObject().put("id", c).put("explanation", c));
        ObjectNode design = s.putObject("design").put("type", "lists");
        ArrayNode listArray = design.putArray("lists");
        for (int l = 0; l < lists; l++) {
            ObjectNode list = listArray.addObject().put("id", "L" + (l + 1)).put("order", "fixed");
            ArrayNode trials = list.putArray("trials");
            for (int i = 0; i < items; i++) {
                for (int k = 0; k < CONDITIONS.size(); k++) {
                    // lists rotate the order of the conditions per item, as a Latin square does
                    trials.addObject().put("item", itemId(i))
                            .put("condition", CONDITIONS.get((k + l + i) % CONDITIONS.size()));
                }
            }
        }
        ArrayNode phases = s.putArray("phases");
        phases.addObject().put("type", "instructions").put("text", "Predict what the model says about each review.");
        ObjectNode main = phases.addObject().put("type", "forward").put("name", "main").put("dontKnow", true);
        ArrayNode phaseItems = main.putArray("items");
        for (int i = 0; i < items; i++) {
            phaseItems.add(itemId(i));
        }
        ArrayNode ratings = main.putArray("ratings");
        ratings.addObject().put("id", "helpfulness").put("question", "How helpful was the explanation?")
                .put("points", 7).putArray("anchors").add("Not at all").add("Very");
        ratings.addObject().put("id", "ease").put("question", "How easy was the explanation to understand?")
                .put("points", 7).putArray("anchors").add("Not at all").add("Very");
        phases.addObject().put("type", "debrief").put("text", "Thank you.");
        return s;
    }

    private static ObjectNode item(int i, int words) {
        StringBuilder text = new StringBuilder();
        ObjectNode item = JsonNodeFactory.instance.objectNode().put("id", itemId(i));
        ArrayNode heat = JsonNodeFactory.instance.arrayNode();
        ArrayNode rationale = JsonNodeFactory.instance.arrayNode();
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                text.append(' ');
            }
            String word = WORDS[(i * 7 + w * 3) % WORDS.length];
            int start = text.length();
            text.append(word);
            double score = Math.round(Math.sin(i + w) * 1000) / 1000.0;
            heat.addObject().put("token", word).put("start", start).put("end", start + word.length())
                    .put("score", score);
            rationale.addObject().put("token", word).put("start", start).put("end", start + word.length())
                    .put("score", w % 4 == 0 ? 1 : 0);
        }
        String label = modelPositive(i) ? "positive" : "negative";
        String other = modelPositive(i) ? "negative" : "positive";
        item.put("text", text.toString());
        item.putObject("prediction").put("label", label);
        item.put("gold", modelWrong(i) ? other : label);
        ObjectNode ex = item.putObject("explanations");
        ObjectNode h = ex.putObject("heatmap").put("kind", "token-scores").put("method", "integrated-gradients");
        h.set("tokens", heat);
        ObjectNode r = ex.putObject("rationale").put("kind", "token-scores").put("method", "rationale");
        r.set("tokens", rationale);
        ex.putObject("template").put("kind", "text").put("text", "The words '" + WORDS[(i * 7) % WORDS.length]
                + "' and '" + WORDS[(i * 7 + 3) % WORDS.length] + "' matter most for the model's decision.");
        ex.putObject("llm").put("kind", "text").put("text", "The model mostly attends to how the review "
                + "describes the story and the acting; words about pacing and the shots weigh less in its decision.");
        item.putObject("covariates").put("coverage", coverage(i)).put("length", words);
        return item;
    }
}
