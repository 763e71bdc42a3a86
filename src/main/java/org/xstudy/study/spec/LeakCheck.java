package org.xstudy.study.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.xstudy.study.spec.StudySpec.Item;
import org.xstudy.study.spec.StudySpec.Phase;

/**
 * Finds the steps that ask participants to predict the model while showing what the model predicted, which makes
 * a simulation study measure reading instead of understanding (Hase and Bansal 2020 show no explanation in the
 * forward test for this reason). What each payload shows is what {@code ExplanationHtml} renders: a heatmap's (and
 * a placebo's) legend names the predicted class; a counterfactual states the model's output on its edit; a
 * verbalization may name a label or a confidence.
 */
public final class LeakCheck {

    public static final String MODEL_OUTPUT_SHOWN = "model-output-shown";
    public static final String LEGEND_NAMES_OUTPUT = "legend-names-output";
    public static final String COUNTERFACTUAL_SHOWS_OUTPUT = "counterfactual-shows-output";
    public static final String TEXT_STATES_OUTPUT = "text-states-output";
    public static final String EDIT_SHOWS_ANSWER = "edit-shows-answer";

    private static final Pattern CONFIDENCE = Pattern.compile(
            "\\d+(?:[.,]\\d+)?\\s*%|(?i)\\b(?:confiden\\w*|probab\\w*)");

    private final StudySpec spec;
    private final Map<String, SpecWarning> warnings = new LinkedHashMap<>();

    private LeakCheck(StudySpec spec) {
        this.spec = spec;
    }

    /** The warnings of a valid specification, in phase order; empty when no predicting step shows the answer. */
    public static List<SpecWarning> of(StudySpec spec) {
        LeakCheck check = new LeakCheck(spec);
        for (int i = 0; i < spec.phases().size(); i++) {
            Phase phase = spec.phases().get(i);
            if (phase.type().equals("forward")) {
                check.forward(phase, "/phases/" + i);
            } else if (phase.type().equals("counterfactual") && phase.explanationShown()) {
                check.counterfactual(phase);
            }
        }
        return List.copyOf(check.warnings.values());
    }

    private void forward(Phase phase, String p) {
        String name = name(phase);
        if (Boolean.TRUE.equals(phase.showModelOutput())) {
            add(p + "/showModelOutput", MODEL_OUTPUT_SHOWN, "The " + name + " phase asks participants to predict "
                    + "the model and shows the model's output with each item. Remove showModelOutput.");
        }
        if (!phase.explanationShown()) {
            return;
        }
        String fix = " Set showExplanation to false and show explanations in a learning phase, as in Hase and "
                + "Bansal (2020).";
        Set<String> heatmaps = new LinkedHashSet<>();
        Set<String> counterfactuals = new LinkedHashSet<>();
        List<SpecWarning> texts = new ArrayList<>();
        for (String itemId : phase.items()) {
            int index = spec.items().indexOf(spec.item(itemId));
            Item item = spec.items().get(index);
            for (String type : shownTypes(itemId)) {
                String kind = kind(item, type);
                if (kind.equals(Payload.TOKEN_SCORES) && !"rationale".equals(item.explanations().get(type).method())) {
                    heatmaps.add(type);
                } else if (kind.equals(Payload.COUNTERFACTUAL)) {
                    counterfactuals.add(type);
                } else if (kind.equals(Payload.TEXT) && stated(item.explanations().get(type).text()) != null) {
                    texts.add(new SpecWarning("/items/" + index + "/explanations/" + type + "/text",
                            TEXT_STATES_OUTPUT, "Item '" + itemId + "' is predicted in the " + name + " phase, but its '"
                                    + type + "' explanation states the model's output ("
                                    + stated(item.explanations().get(type).text()) + ")." + fix));
                }
            }
        }
        if (!heatmaps.isEmpty()) {
            add(p + "/showExplanation", LEGEND_NAMES_OUTPUT, "The " + name + " phase asks participants to predict "
                    + "the model but shows heatmaps (" + list(heatmaps) + ") whose legend names the predicted class."
                    + fix);
        }
        if (!counterfactuals.isEmpty()) {
            add(p + "/showExplanation", COUNTERFACTUAL_SHOWS_OUTPUT, "The " + name + " phase asks participants to "
                    + "predict the model but shows counterfactuals (" + list(counterfactuals) + "), which state the "
                    + "model's output on the edit (with two labels, the other one)." + fix);
        }
        texts.forEach(w -> add(w.pointer(), w.code(), w.message()));
    }

    private void counterfactual(Phase phase) {
        for (String itemId : phase.items()) {
            int index = spec.items().indexOf(spec.item(itemId));
            Item item = spec.items().get(index);
            for (String type : shownTypes(itemId)) {
                if (!kind(item, type).equals(Payload.COUNTERFACTUAL)) {
                    continue;
                }
                Payload payload = item.explanations().get(type);
                for (StudySpec.Perturbation pert : item.perturbations()) {
                    if (words(pert.text()).equals(words(payload.editedText()))) {
                        add("/items/" + index + "/explanations/" + type + "/editedText", EDIT_SHOWS_ANSWER,
                                "In the " + name(phase) + " phase, item '" + itemId + "' asks for the model's output "
                                        + "on perturbation '" + pert.id() + "', but its '" + type + "' explanation "
                                        + "is that same edit and states the output. Use a different edit for the "
                                        + "perturbation or for the explanation.");
                    }
                }
            }
        }
    }

    /** The explanation types the item can be shown with: its conditions' (in a lists design, its lists'). */
    private Set<String> shownTypes(String itemId) {
        Set<String> types = new LinkedHashSet<>();
        List<String> conditions = new ArrayList<>();
        if ("lists".equals(spec.design().type())) {
            spec.design().lists().forEach(l -> l.trialsInOrder().stream().filter(t -> t.item().equals(itemId))
                    .forEach(t -> conditions.add(t.condition())));
        } else {
            spec.conditions().forEach(c -> conditions.add(c.id()));
        }
        Item item = spec.item(itemId);
        for (String id : conditions) {
            StudySpec.Condition c = spec.condition(id);
            if (c != null && !c.showsNothing()) {
                types.add(c.explanation());
                // a composite shows its parts: each is checked as if shown alone
                Payload p = item == null || item.explanations() == null ? null
                        : item.explanations().get(c.explanation());
                if (p != null && Payload.COMPOSITE.equals(p.kind()) && p.parts() != null) {
                    types.addAll(p.parts());
                }
            }
        }
        return types;
    }

    /** What a verbalization states of the model's output (a label, a confidence), or null. */
    private String stated(String text) {
        List<String> found = new ArrayList<>();
        for (String label : spec.labels()) {
            if (Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(label) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text).find()) {
                found.add("the label '" + label + "'");
            }
        }
        var m = CONFIDENCE.matcher(text);
        if (m.find()) {
            found.add("'" + m.group() + "'");
        }
        return found.isEmpty() ? null : String.join(", ", found);
    }

    /** The kind of the item's payload for {@code type}; empty when it has none (a valid spec always has one). */
    private static String kind(Item item, String type) {
        Payload p = item.explanations() == null ? null : item.explanations().get(type);
        return p == null || p.kind() == null ? "" : p.kind();
    }

    private static String name(Phase phase) {
        return "'" + (phase.name() == null ? phase.type() : phase.name()) + "'";
    }

    private static String words(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    private static String list(Set<String> types) {
        return "'" + String.join("', '", types) + "'";
    }

    private void add(String pointer, String code, String message) {
        warnings.putIfAbsent(pointer + " " + code, new SpecWarning(pointer, code, message));
    }
}
