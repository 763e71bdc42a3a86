package org.xstudy.study.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xstudy.common.Problem.FieldError;

/**
 * Checks a study specification tree and reports every error at once, each with its JSON pointer. It also
 * normalises shorthand (a predefined scale given by name) so that the tree binds to {@link StudySpec}.
 */
public final class SpecValidator {

    public static final List<String> DESIGNS = List.of("between", "within", "lists");
    public static final List<String> PHASE_TYPES = List.of("consent", "instructions", "comprehension", "learning",
            "forward", "counterfactual", "ratings", "freetext", "questionnaire", "debrief");
    public static final List<String> TRIAL_PHASES = List.of("learning", "forward", "counterfactual", "ratings");
    public static final List<String> QUESTION_TYPES = List.of("choice", "text", "number", "likert");
    public static final Map<String, String> PRESET_SCALES = Map.of(
            "helpfulness", "How helpful was the explanation for predicting the model's output?",
            "ease", "How easy was the explanation to understand?",
            "confidence", "How confident are you in your answer?");
    public static final int MAX_TEXT = 5_000;
    public static final int MAX_ITEMS = 2_000;

    private static final Set<String> TOP = Set.of("specVersion", "slug", "title", "description", "labels", "items",
            "conditions", "design", "phases", "participants");
    private static final Set<String> CONDITION = Set.of("id", "explanation", "control");
    private static final Set<String> DESIGN = Set.of("type", "lists");
    private static final Set<String> PHASE = Set.of("type", "name", "title", "text", "items", "showExplanation",
            "showModelOutput", "ratings", "questions", "passCriterion", "maxAttempts", "attentionChecks", "dontKnow");
    private static final Set<String> SCALE = Set.of("id", "question", "points", "anchors");
    private static final Set<String> QUESTION = Set.of("id", "text", "type", "options", "answer", "min", "max",
            "required", "points", "anchors");
    private static final Set<String> CHECK = Set.of("id", "position", "text", "options", "answer");
    private static final Set<String> PARTICIPANTS = Set.of("maxParticipants", "timeoutMinutes", "randomizeItems",
            "randomizeOptions", "completionCode", "screenOutCode", "noConsentCode", "failedAttentionCode",
            "attentionFailLimit", "completionUrl", "screenOutUrl");

    private final Checker c = new Checker();
    private final Set<String> labels = new LinkedHashSet<>();
    private final Map<String, JsonNode> items = new HashMap<>();
    private final Map<String, String> conditions = new HashMap<>();

    private SpecValidator() {}

    /** Validates and normalises {@code root} in place; returns the errors, empty when the spec is valid. */
    public static List<FieldError> validate(JsonNode root) {
        SpecValidator v = new SpecValidator();
        v.check(root);
        return v.c.errors();
    }

    private void check(JsonNode root) {
        if (!c.object(root, "", true)) {
            return;
        }
        c.onlyFields(root, "", TOP);
        c.integer(root.get("specVersion"), "/specVersion", true, StudySpec.CURRENT_VERSION, StudySpec.CURRENT_VERSION);
        JsonNode slug = root.get("slug");
        if (slug != null && !slug.isNull()) {
            String s = c.text(slug, "/slug", false, 63);
            if (s != null && !StudySpec.isSlug(s)) {
                c.error("/slug", StudySpec.SLUG_RULE);
            }
        }
        c.text(root.get("title"), "/title", true, 200);
        c.text(root.get("description"), "/description", false, MAX_TEXT);
        labels(root.get("labels"));
        new ItemChecks(c, labels, items).check(root.get("items"));
        conditions(root.get("conditions"), "lists".equals(root.path("design").path("type").asText()));
        design(root.get("design"));
        phases(root.get("phases"));
        participants(root.get("participants"));
    }

    private void labels(JsonNode node) {
        if (!c.array(node, "/labels", true, 2)) {
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            String l = c.text(node.get(i), "/labels/" + i, true, 100);
            if (l != null && !labels.add(l)) {
                c.error("/labels/" + i, "Duplicate label '" + l + "'.");
            }
        }
    }

    private void conditions(JsonNode node, boolean listsDesign) {
        if (!c.array(node, "/conditions", true, 1)) {
            return;
        }
        String control = null;
        for (int i = 0; i < node.size(); i++) {
            String p = "/conditions/" + i;
            JsonNode cond = node.get(i);
            if (!c.object(cond, p, true)) {
                continue;
            }
            c.onlyFields(cond, p, CONDITION);
            String id = c.id(cond.get("id"), p + "/id");
            String explanation = c.text(cond.get("explanation"), p + "/explanation", true, 41);
            if (Boolean.TRUE.equals(c.bool(cond.get("control"), p + "/control"))) {
                if (control != null) {
                    c.error(p + "/control", "Only one condition can be the control; " + control + " is already.");
                } else {
                    control = id == null ? "condition " + i : "'" + id + "'";
                }
            }
            if (id != null && conditions.putIfAbsent(id, explanation == null ? "none" : explanation) != null) {
                c.error(p + "/id", "Duplicate condition id '" + id + "'.");
            }
            // in a lists design only the (item, condition) pairs of the lists need payloads (TrialLists)
            if (explanation != null && !explanation.equals("none") && !listsDesign) {
                for (Map.Entry<String, JsonNode> e : items.entrySet()) {
                    if (!e.getValue().path("explanations").has(explanation)) {
                        c.error(p + "/explanation", "Item '" + e.getKey() + "' has no '" + explanation
                                + "' explanation; every item needs one for this condition"
                                + (explanation.equals("placebo") ? " (placebo scores, e.g. from the placebo method)." : "."));
                        break;
                    }
                }
            }
        }
    }

    private void design(JsonNode node) {
        if (!c.object(node, "/design", true)) {
            return;
        }
        c.onlyFields(node, "/design", DESIGN);
        String type = c.text(node.get("type"), "/design/type", true, 20);
        c.oneOf(type, "/design/type", DESIGNS, "design");
        JsonNode lists = node.get("lists");
        if ("lists".equals(type)) {
            new TrialLists(c, items, conditions).check(lists);
        } else if (lists != null && !lists.isNull()) {
            c.error("/design/lists", "Lists apply only to the 'lists' design.");
        }
    }

    private void phases(JsonNode node) {
        if (!c.array(node, "/phases", true, 1)) {
            return;
        }
        Set<String> names = new HashSet<>();
        int trialPhases = 0;
        for (int i = 0; i < node.size(); i++) {
            String p = "/phases/" + i;
            JsonNode phase = node.get(i);
            if (!c.object(phase, p, true)) {
                continue;
            }
            c.onlyFields(phase, p, PHASE);
            String type = c.text(phase.get("type"), p + "/type", true, 40);
            c.oneOf(type, p + "/type", PHASE_TYPES, "phase type");
            String name = phase.hasNonNull("name") ? c.id(phase.get("name"), p + "/name") : type;
            if (name != null && type != null && PHASE_TYPES.contains(type) && !names.add(name)) {
                c.error(p + (phase.hasNonNull("name") ? "/name" : "/type"),
                        "Phase name '" + name + "' is used twice; give each phase a distinct 'name' (e.g. pre, post).");
            }
            c.text(phase.get("title"), p + "/title", false, 200);
            c.text(phase.get("text"), p + "/text", false, 20_000);
            c.bool(phase.get("showExplanation"), p + "/showExplanation");
            c.bool(phase.get("showModelOutput"), p + "/showModelOutput");
            if (type == null) {
                continue;
            }
            if (TRIAL_PHASES.contains(type)) {
                trialPhases++;
                phaseItems(phase.get("items"), p + "/items", type);
                attentionChecks(phase.get("attentionChecks"), p + "/attentionChecks", phase.path("items").size());
            } else {
                forbid(phase, p, "items", type);
                forbid(phase, p, "attentionChecks", type);
            }
            if (type.equals("forward") || type.equals("counterfactual")) {
                c.bool(phase.get("dontKnow"), p + "/dontKnow");
            } else {
                forbid(phase, p, "dontKnow", type);
            }
            if (type.equals("forward") || type.equals("counterfactual") || type.equals("ratings")) {
                scales(phase, p, type.equals("ratings"));
            } else {
                forbid(phase, p, "ratings", type);
            }
            if (type.equals("comprehension") || type.equals("freetext") || type.equals("questionnaire")) {
                questions(phase.get("questions"), p + "/questions", type);
            } else {
                forbid(phase, p, "questions", type);
            }
            if (type.equals("comprehension")) {
                c.number(phase.get("passCriterion"), p + "/passCriterion", false, 0.01, 1);
                c.integer(phase.get("maxAttempts"), p + "/maxAttempts", false, 1, 2);
            } else {
                forbid(phase, p, "passCriterion", type);
                forbid(phase, p, "maxAttempts", type);
            }
            if ((type.equals("consent") || type.equals("instructions") || type.equals("debrief"))
                    && !phase.hasNonNull("text")) {
                c.error(p + "/text", "A " + type + " phase needs its text.");
            }
        }
        if (trialPhases == 0) {
            c.error("/phases", "A study needs at least one learning, forward, counterfactual or ratings phase.");
        }
        String first = node.size() > 0 ? node.get(0).path("type").asText() : null;
        for (int i = 1; i < node.size(); i++) {
            if ("consent".equals(node.get(i).path("type").asText())) {
                c.error("/phases/" + i + "/type", "Consent must be the first phase.");
            }
        }
        int last = node.size() - 1;
        for (int i = 0; i < last; i++) {
            if ("debrief".equals(node.get(i).path("type").asText())) {
                c.error("/phases/" + i + "/type", "Debrief must be the last phase.");
            }
        }
        if (first == null) {
            c.error("/phases", "Phases are missing.");
        }
    }

    private void phaseItems(JsonNode node, String p, String type) {
        if (!c.array(node, p, true, 1)) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String id = c.text(node.get(i), p + "/" + i, true, 64);
            if (id == null) {
                continue;
            }
            if (!items.containsKey(id)) {
                c.error(p + "/" + i, "Unknown item '" + id + "'.");
            } else if (!seen.add(id)) {
                c.error(p + "/" + i, "Item '" + id + "' is listed twice in this phase.");
            } else if (type.equals("counterfactual") && items.get(id).path("perturbations").size() == 0) {
                c.error(p + "/" + i, "Item '" + id + "' has no perturbations, which a counterfactual phase needs.");
            }
        }
    }

    private void attentionChecks(JsonNode node, String p, int phaseItems) {
        if (!c.array(node, p, false, 0)) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String ap = p + "/" + i;
            JsonNode a = node.get(i);
            if (!c.object(a, ap, true)) {
                continue;
            }
            c.onlyFields(a, ap, CHECK);
            String id = c.id(a.get("id"), ap + "/id");
            if (id != null && !ids.add(id)) {
                c.error(ap + "/id", "Duplicate attention check id '" + id + "'.");
            }
            c.integer(a.get("position"), ap + "/position", true, 0, phaseItems);
            c.text(a.get("text"), ap + "/text", true, 2_000);
            List<String> options = options(a.get("options"), ap + "/options", true);
            String answer = c.text(a.get("answer"), ap + "/answer", true, 500);
            if (answer != null && options != null) {
                c.oneOf(answer, ap + "/answer", options, "option");
            }
        }
    }

    private void scales(JsonNode phase, String p, boolean required) {
        JsonNode node = phase.get("ratings");
        if (!c.array(node, p + "/ratings", required, required ? 1 : 0)) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String sp = p + "/ratings/" + i;
            JsonNode s = node.get(i);
            if (s.isTextual()) {
                String preset = s.textValue();
                if (!PRESET_SCALES.containsKey(preset)) {
                    c.error(sp, "Unknown predefined scale '" + preset + "'. Known: " + String.join(", ",
                            PRESET_SCALES.keySet().stream().sorted().toList()) + "; or give an object with id, question, points.");
                    continue;
                }
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("id", preset).put("question", PRESET_SCALES.get(preset)).put("points", 5);
                o.putArray("anchors").add(preset.equals("confidence") ? "Not at all confident" : "Not at all")
                        .add(preset.equals("confidence") ? "Very confident" : "Very much");
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, o);
                s = o;
            }
            if (!c.object(s, sp, true)) {
                continue;
            }
            c.onlyFields(s, sp, SCALE);
            String id = c.id(s.get("id"), sp + "/id");
            if (id != null && (!ids.add(id) || id.equals("guess"))) {
                c.error(sp + "/id", "Scale id '" + id + "' is used twice or reserved.");
            }
            c.text(s.get("question"), sp + "/question", true, 500);
            Integer points = c.integer(s.get("points"), sp + "/points", true, 2, 11);
            List<String> anchors = options(s.get("anchors"), sp + "/anchors", true);
            if (points != null && anchors != null && anchors.size() != 2 && anchors.size() != points) {
                c.error(sp + "/anchors", "Give 2 anchors (the ends) or one per point (" + points + ").");
            }
        }
    }

    private void questions(JsonNode node, String p, String phaseType) {
        if (!c.array(node, p, true, 1)) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String qp = p + "/" + i;
            JsonNode q = node.get(i);
            if (!c.object(q, qp, true)) {
                continue;
            }
            c.onlyFields(q, qp, QUESTION);
            String id = c.id(q.get("id"), qp + "/id");
            if (id != null && !ids.add(id)) {
                c.error(qp + "/id", "Duplicate question id '" + id + "'.");
            }
            c.text(q.get("text"), qp + "/text", true, 2_000);
            String type = q.hasNonNull("type") ? c.text(q.get("type"), qp + "/type", true, 20)
                    : (q.has("options") ? "choice" : "text");
            c.oneOf(type, qp + "/type", QUESTION_TYPES, "question type");
            c.bool(q.get("required"), qp + "/required");
            if (q.isObject() && !q.hasNonNull("type") && type != null) {
                ((ObjectNode) q).put("type", type);
            }
            List<String> options = null;
            if ("choice".equals(type)) {
                options = options(q.get("options"), qp + "/options", true);
            }
            if ("number".equals(type)) {
                c.integer(q.get("min"), qp + "/min", false, Integer.MIN_VALUE, Integer.MAX_VALUE);
                c.integer(q.get("max"), qp + "/max", false, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
            if ("likert".equals(type)) {
                c.integer(q.get("points"), qp + "/points", true, 2, 11);
                options(q.get("anchors"), qp + "/anchors", true);
            }
            if (phaseType.equals("comprehension")) {
                if (!"choice".equals(type)) {
                    c.error(qp + "/type", "Comprehension questions are multiple choice.");
                }
                String answer = c.text(q.get("answer"), qp + "/answer", true, 500);
                if (answer != null && options != null) {
                    c.oneOf(answer, qp + "/answer", options, "option");
                }
            } else if (q.has("answer")) {
                c.error(qp + "/answer", "Only comprehension questions have a right answer.");
            }
        }
    }

    private List<String> options(JsonNode node, String p, boolean required) {
        if (!c.array(node, p, required, 2)) {
            return null;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String o = c.text(node.get(i), p + "/" + i, true, 500);
            if (o != null && !seen.add(o)) {
                c.error(p + "/" + i, "Duplicate option '" + o + "'.");
            }
        }
        return List.copyOf(seen);
    }

    private void participants(JsonNode node) {
        String p = "/participants";
        if (!c.object(node, p, false)) {
            return;
        }
        c.onlyFields(node, p, PARTICIPANTS);
        c.integer(node.get("maxParticipants"), p + "/maxParticipants", false, 1, 1_000_000);
        c.integer(node.get("timeoutMinutes"), p + "/timeoutMinutes", false, 1, 7 * 24 * 60);
        c.bool(node.get("randomizeItems"), p + "/randomizeItems");
        c.bool(node.get("randomizeOptions"), p + "/randomizeOptions");
        c.integer(node.get("attentionFailLimit"), p + "/attentionFailLimit", false, 1, 1_000);
        Map<String, String> codes = new HashMap<>();
        for (String code : List.of("completionCode", "screenOutCode", "noConsentCode", "failedAttentionCode")) {
            String v = c.text(node.get(code), p + "/" + code, false, 64);
            if (v != null && !v.matches("[A-Za-z0-9_-]+")) {
                c.error(p + "/" + code, "A code uses letters, digits, '_' and '-'.");
            } else if (v != null && codes.putIfAbsent(v, code) != null) {
                c.error(p + "/" + code, "Each way of ending needs its own code; '" + codes.get(v) + "' has it too.");
            }
        }
        for (String url : List.of("completionUrl", "screenOutUrl")) {
            String v = c.text(node.get(url), p + "/" + url, false, 2_000);
            if (v != null && !v.matches("https?://[^\\s\"'<>]+")) {
                c.error(p + "/" + url, "Must be an http(s) URL.");
            }
        }
    }

    private void forbid(JsonNode phase, String p, String field, String type) {
        if (phase.has(field)) {
            c.error(p + "/" + field, "A " + type + " phase has no '" + field + "'.");
        }
    }
}
