package org.xstudy.study.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the lists of a {@code lists} design: each list is either {@code conditions} (item → condition) or
 * {@code trials}, a sequence of {@code {item, condition}} pairs with an optional {@code order} ({@code fixed} or
 * {@code random}). Every pair must name a known item and condition, appear once per list, and the item must carry
 * the payload its condition shows (the payload is defined once on the item and only referenced here).
 */
final class TrialLists {

    /** The most trials one list may hold (a participant's plan has at most this many trial steps per phase). */
    static final int MAX_TRIALS = 10_000;

    private static final Set<String> LIST = Set.of("id", "conditions", "trials", "order");
    private static final Set<String> TRIAL = Set.of("item", "condition");

    private final Checker c;
    private final Map<String, JsonNode> items;
    private final Map<String, String> conditions;

    /**
     * @param items the spec's items by id
     * @param conditions the spec's conditions' explanation types by condition id
     */
    TrialLists(Checker c, Map<String, JsonNode> items, Map<String, String> conditions) {
        this.c = c;
        this.items = items;
        this.conditions = conditions;
    }

    void check(JsonNode lists) {
        if (!c.array(lists, "/design/lists", true, 1)) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lists.size(); i++) {
            String p = "/design/lists/" + i;
            JsonNode l = lists.get(i);
            if (!c.object(l, p, true)) {
                continue;
            }
            c.onlyFields(l, p, LIST);
            String id = c.id(l.get("id"), p + "/id");
            if (id != null && !ids.add(id)) {
                c.error(p + "/id", "Duplicate list id '" + id + "'.");
            }
            boolean map = l.hasNonNull("conditions");
            if (map == l.hasNonNull("trials")) {
                c.error(p, "A list has either 'conditions' (item → condition) or 'trials' (a sequence of "
                        + "{item, condition}), not " + (map ? "both." : "neither."));
            } else if (map) {
                map(l.get("conditions"), p + "/conditions");
            } else {
                sequence(l.get("trials"), p + "/trials");
            }
            if (l.hasNonNull("order")) {
                if (map) {
                    c.error(p + "/order", "'order' applies to a 'trials' sequence only.");
                }
                c.oneOf(c.text(l.get("order"), p + "/order", false, 10), p + "/order",
                        List.of(StudySpec.TrialList.FIXED, StudySpec.TrialList.RANDOM), "order");
            }
        }
    }

    private void map(JsonNode map, String p) {
        if (!c.object(map, p, true)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String ep = Checker.at(p, e.getKey());
            pair(e.getKey(), c.text(e.getValue(), ep, true, 64), ep, ep);
        }
    }

    private void sequence(JsonNode trials, String p) {
        if (!c.array(trials, p, true, 1)) {
            return;
        }
        if (trials.size() > MAX_TRIALS) {
            c.error(p, "At most " + MAX_TRIALS + " trials per list.");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int t = 0; t < trials.size(); t++) {
            String tp = p + "/" + t;
            JsonNode trial = trials.get(t);
            if (!c.object(trial, tp, true)) {
                continue;
            }
            c.onlyFields(trial, tp, TRIAL);
            String item = c.text(trial.get("item"), tp + "/item", true, 64);
            String condition = c.text(trial.get("condition"), tp + "/condition", true, 64);
            if (pair(item, condition, tp + "/item", tp + "/condition") && !seen.add(item + '\u0000' + condition)) {
                c.error(tp, "Item '" + item + "' under condition '" + condition + "' is already in this list.");
            }
        }
    }

    /** Checks one (item, condition) pair; true when both are known. */
    private boolean pair(String item, String condition, String itemPointer, String conditionPointer) {
        if (item == null || condition == null) {
            return false;
        }
        boolean known = true;
        if (!items.containsKey(item)) {
            c.oneOf(item, itemPointer, items.keySet(), "item");
            known = false;
        }
        if (!conditions.containsKey(condition)) {
            c.oneOf(condition, conditionPointer, conditions.keySet(), "condition");
            known = false;
        }
        if (known) {
            String explanation = conditions.get(condition);
            if (!explanation.equals("none") && !items.get(item).path("explanations").has(explanation)) {
                c.error(conditionPointer, "Item '" + item + "' has no '" + explanation + "' explanation, which "
                        + "condition '" + condition + "' shows; add it to the item's explanations.");
            }
        }
        return known;
    }
}
