package org.xstudy.console.wizard;

import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of the study wizard's form as the researcher entered them, and the message for each field that is
 * wrong. The page re-renders from it, so nothing typed is lost when a field is refused.
 */
@TemplateData
public final class WizardForm {

    /** Explanation types offered, in the order shown, with the payload key each becomes in the spec. */
    public static final Map<String, String> TYPE_KEYS = orderedMap("heatmap", "heatmap", "rationale", "rationale",
            "template", "verbalization", "llm", "llm", "counterfactual", "counterfactual", "examples", "examples");
    public static final List<String> CONTROLS = List.of("none", "placebo");
    public static final List<String> PHASES = List.of("learning", "pre", "post", "counterfactual", "ratings");
    public static final int MAX_ITEMS = 100;
    /** The longest trial lists (in bytes) kept in the form's text box, below the 64 kB a form attribute may hold. */
    public static final int MAX_PASTED_TRIALS = 60_000;

    static final String CONSENT = "This is a research study about how people understand a computer model that "
            + "classifies short texts.\n\nIt takes about 10 minutes. Your answers are stored under a pseudonymous id "
            + "and used only for research. You can stop at any time.";
    static final String INSTRUCTIONS = "A computer model reads short texts and decides which label each one gets. "
            + "The model is not always right.\n\nYour task is to predict what the MODEL will say, not what you think "
            + "is correct. Sometimes you will also see an explanation of the model's decision.";
    static final String DEBRIEF = "Thank you! This study compares how well different kinds of explanations help "
            + "people anticipate a model.\n\nIf you have questions, contact the research team.";

    public String title = "";
    public String slug = "";
    public String source = "dataset";
    public String dataset = "";
    public String pasted = "";
    public String model = "";
    public String selection = "random";
    public String count = "12";
    public String seed = "1";
    public String rows = "";
    /** Occlusion by default: it works with every model, gradient methods only with some. */
    public String method = "occlusion";
    public List<String> types = new ArrayList<>(List.of("heatmap"));
    public List<String> controls = new ArrayList<>(List.of("none"));
    public List<String> phases = new ArrayList<>(List.of("learning", "pre", "post"));
    /** Freeze verbalizations that fail the faithfulness check (recorded in their provenance); off by default. */
    public boolean allowUnfaithful = false;
    public boolean comprehension = true;
    public boolean attention = true;
    public String consent = CONSENT;
    public String instructions = INSTRUCTIONS;
    public String debrief = DEBRIEF;
    /** between, within, latin (generated trial sequences) or sequences (uploaded trial sequences). */
    public String design = "between";
    /** In the generated Latin square: under how many conditions each participant sees each item. */
    public String perItem = "1";
    /** The trial sequences' order: {@code random} (shuffled per participant) or {@code fixed}. */
    public String trialOrder = "random";
    /** The uploaded or pasted trial sequences, CSV with columns list, item, condition[, position]. */
    public String trials = "";
    /** Where participants are sent when they finish (e.g. Prolific's completion URL); empty: the code is shown. */
    public String completionUrl = "";
    /** At most this many active plus completed participants; empty: no cap. */
    public String maxParticipants = "";

    private final Map<String, String> errors = new LinkedHashMap<>();

    /** The form as posted; a missing checkbox group means none ticked. */
    public static WizardForm of(MultivaluedMap<String, String> posted) {
        WizardForm f = new WizardForm();
        f.title = text(posted, "title");
        f.slug = text(posted, "slug");
        f.source = text(posted, "source");
        f.dataset = text(posted, "dataset");
        f.pasted = text(posted, "pasted");
        f.model = text(posted, "model");
        f.selection = text(posted, "selection");
        f.count = text(posted, "count");
        f.seed = text(posted, "seed");
        f.rows = text(posted, "rows");
        f.method = text(posted, "method");
        f.types = list(posted, "types", TYPE_KEYS.keySet());
        f.controls = list(posted, "controls", Set.copyOf(CONTROLS));
        f.phases = list(posted, "phases", Set.copyOf(PHASES));
        f.allowUnfaithful = posted.containsKey("allowUnfaithful");
        f.comprehension = posted.containsKey("comprehension");
        f.attention = posted.containsKey("attention");
        f.consent = text(posted, "consent");
        f.instructions = text(posted, "instructions");
        f.debrief = text(posted, "debrief");
        f.design = text(posted, "design");
        f.perItem = text(posted, "perItem");
        f.trialOrder = text(posted, "trialOrder");
        f.trials = text(posted, "trials");
        f.completionUrl = text(posted, "completionUrl");
        f.maxParticipants = text(posted, "maxParticipants");
        return f;
    }

    public void error(String field, String message) {
        errors.putIfAbsent(field, message);
    }

    /** The message for a field, or null when it is fine. */
    public String err(String field) {
        return errors.get(field);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    public Map<String, String> errors() {
        return errors;
    }

    /**
     * Whether the trial lists are too long to come back in the form's text box: a browser sends that box as one form
     * attribute, which may hold at most 64 kB ({@code quarkus.http.limits.max-form-attribute-size}).
     */
    public boolean trialsTooLong() {
        return trials.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASTED_TRIALS;
    }

    public boolean type(String id) {
        return types.contains(id);
    }

    public boolean control(String id) {
        return controls.contains(id);
    }

    public boolean phase(String id) {
        return phases.contains(id);
    }

    /** An integer field, or null (with the field's error recorded) when it is not one in [min, max]. */
    Integer integer(String field, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(field, "Enter a whole number from " + min + " to " + max + ".");
        return null;
    }

    private static String text(MultivaluedMap<String, String> posted, String name) {
        String v = posted.getFirst(name);
        return v == null ? "" : v.replace("\r\n", "\n").strip();
    }

    private static List<String> list(MultivaluedMap<String, String> posted, String name, Set<String> allowed) {
        List<String> values = posted.get(name);
        return values == null ? new ArrayList<>()
                : new ArrayList<>(values.stream().filter(allowed::contains).distinct().toList());
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
