package org.xstudy.console.wizard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xstudy.common.Actor;
import org.xstudy.common.ProblemException;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.ModelRegistry;
import org.xstudy.represent.api.RepresentRequest;
import org.xstudy.represent.llm.LlmSettings;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.StudySpec;

/**
 * Builds a study spec (docs/study-spec.md) from the wizard's form: checks every field, picks the items, has
 * {@link WizardPayloads} make their payloads, and lays out conditions, design and phases. The chosen items are
 * split in spec order into one block per trial phase group (learning; the pre/post test, whose two phases share
 * their items; counterfactual simulation; ratings).
 */
@ApplicationScoped
public class WizardSpecs {

    /** One entry of a choice list on the form. */
    @TemplateData
    public record Option(String value, String label) {}

    @Inject
    WizardItems items;

    @Inject
    WizardPayloads payloads;

    @Inject
    ModelRegistry models;

    @Inject
    MethodCatalog methods;

    @Inject
    LlmSettings llm;

    /** The registered models, with their kind and whether gradient methods run on them. */
    public List<Option> models() {
        return models.infos().stream().map(m -> new Option(m.id(), m.id() + " (" + m.kind()
                + (m.capabilities().gradientMethods() ? ", gradients" : "") + ")")).toList();
    }

    /** The attribution methods a condition can use (placebo is a control, offered separately). */
    public List<Option> methods() {
        return methods.all().stream().filter(m -> !m.id().equals("placebo"))
                .map(m -> new Option(m.id(), m.title() + (m.needsGradients() ? " (needs gradients)" : ""))).toList();
    }

    /** Whether LLM verbalization is configured. */
    public boolean llm() {
        return llm.enabled();
    }

    /** The spec as a JSON tree, or null with the form's field errors set. */
    public ObjectNode build(WizardForm f, Actor owner) {
        List<WizardItems.Row> all = source(f, owner);
        checkChoices(f);
        List<WizardItems.Row> chosen = all == null ? null : choose(f, all);
        List<String> groups = groups(f);
        if (chosen != null && chosen.size() < groups.size()) {
            f.error(f.selection.equals("rows") ? "rows" : "count", "The chosen phases need at least " + groups.size()
                    + " items (one block each for " + String.join(", ", groups) + ").");
        }
        StudySpec.Design design = chosen == null || f.err("types") != null || f.err("design") != null ? null
                : WizardDesign.of(f, chosen.stream().map(r -> "r" + r.position()).toList(), conditions(f));
        if (!f.valid()) {
            return null;
        }
        Set<WizardItems.Row> taken = new HashSet<>(chosen);
        List<RepresentRequest.PoolExample> pool = all.stream().filter(r -> !taken.contains(r))
                .map(r -> new RepresentRequest.PoolExample(r.text(), r.label())).limit(5_000).toList();
        if (f.type("examples") && pool.isEmpty()) {
            f.error("types", "Similar examples are drawn from the rows that are not items; every row is an item.");
            return null;
        }
        var plan = new WizardPayloads.Plan(f.model, f.method, f.types, f.control("placebo"), pool, owner,
                f.allowUnfaithful);
        List<List<String>> blocks = split(chosen, groups.size());
        List<StudySpec.Item> studyItems = new ArrayList<>();
        List<Integer> withoutCounterfactual = new ArrayList<>();
        try {
            for (int g = 0; g < groups.size(); g++) {
                boolean perturb = groups.get(g).equals("counterfactual");
                for (String id : blocks.get(g)) {
                    try {
                        studyItems.add(payloads.item(plan, id, row(chosen, id), perturb));
                    } catch (WizardPayloads.NoCounterfactual e) {
                        withoutCounterfactual.add(e.row());
                    }
                }
            }
        } catch (ProblemException e) {
            e.problem().errors().forEach(x -> f.error(x.pointer(), x.message()));
            return null;
        }
        if (!withoutCounterfactual.isEmpty()) {
            java.util.Collections.sort(withoutCounterfactual);
            f.error("types", "No counterfactual that changes the model's output was found for "
                    + withoutCounterfactual.size() + " of " + chosen.size() + " items (rows "
                    + withoutCounterfactual.stream().map(String::valueOf).collect(java.util.stream.Collectors
                            .joining(", ")) + "); leave out counterfactuals or choose other items.");
            return null;
        }
        StudySpec spec = new StudySpec(StudySpec.CURRENT_VERSION, f.slug.isEmpty() ? null : f.slug, f.title,
                "Made with the console's study wizard from " + origin(f, owner) + " and model " + f.model + ".",
                models.find(f.model).orElseThrow().labels(), studyItems, conditions(f),
                design, WizardPhases.of(f, groups, blocks), WizardParticipants.of(f));
        ObjectNode tree = (ObjectNode) SpecParser.tree(spec);
        for (JsonNode phase : tree.withArray("phases")) {
            if (phase.path("type").asText().equals("ratings")) {
                ((ObjectNode) phase).putArray("ratings").add("helpfulness").add("ease");
            }
        }
        return tree;
    }

    private List<WizardItems.Row> source(WizardForm f, Actor owner) {
        if (f.title.isEmpty() || f.title.length() > 200) {
            f.error("title", "Give the study a title of at most 200 characters.");
        }
        if (!f.slug.isEmpty() && !StudySpec.isSlug(f.slug)) {
            f.error("slug", StudySpec.SLUG_RULE);
        }
        List<WizardItems.Row> rows = null;
        if (f.source.equals("paste")) {
            rows = WizardItems.pasted(f.pasted);
            if (rows.isEmpty()) {
                f.error("pasted", "Paste at least one item, one per line.");
                return null;
            }
        } else if (f.source.equals("dataset")) {
            rows = datasetRows(f, owner);
        } else {
            f.error("source", "Choose a data set or paste items.");
        }
        if (rows != null) {
            rows.stream().filter(r -> r.text().length() > 2000).findFirst().ifPresent(r -> f.error(
                    f.source.equals("paste") ? "pasted" : "dataset", "Row " + r.position() + " is longer than 2,000 "
                            + "characters, the most that can be explained."));
        }
        return rows;
    }

    private String origin(WizardForm f, Actor owner) {
        return f.source.equals("paste") ? "pasted items" : items.datasets(owner).stream()
                .filter(d -> d.value().equals(f.dataset)).map(d -> "data set '" + d.name() + "'").findFirst()
                .orElse("a data set");
    }

    private List<WizardItems.Row> datasetRows(WizardForm f, Actor owner) {
        List<WizardItems.Row> rows = List.of();
        try {
            rows = items.rows(owner, Long.parseLong(f.dataset));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (rows.isEmpty()) {
            f.error("dataset", "Choose one of your data sets (or paste items instead).");
            return null;
        }
        return rows;
    }

    private void checkChoices(WizardForm f) {
        var model = models.find(f.model);
        if (model.isEmpty()) {
            f.error("model", "Choose one of the registered models.");
        }
        var method = methods.find(f.method).filter(m -> !m.id().equals("placebo"));
        if (method.isEmpty()) {
            f.error("method", "Choose an attribution method.");
        } else if (model.isPresent() && method.get().needsGradients()
                && !(model.get() instanceof DifferentiableClassifier)) {
            f.error("method", method.get().id() + " needs gradients, which model " + f.model
                    + " does not give; choose occlusion, lime or kernel_shap.");
        }
        if (f.types.isEmpty()) {
            f.error("types", "Choose at least one explanation type.");
        } else if (f.type("llm") && !llm.enabled()) {
            f.error("types", "LLM verbalization is not configured on this server (XSTUDY_LLM_ENABLED).");
        }
        if (groups(f).isEmpty()) {
            f.error("phases", "Choose at least one of learning, pre-test, post-test, counterfactual simulation or "
                    + "ratings.");
        } else if (groups(f).equals(List.of("learning"))) {
            f.error("phases", "A study of learning alone asks participants nothing: add a pre-test, post-test, "
                    + "counterfactual simulation or ratings.");
        }
        if (f.attention && !f.phase("pre") && !f.phase("post") && !f.phase("counterfactual")) {
            f.error("attention", "An attention check goes into a pre-test, post-test or counterfactual phase.");
        }
        WizardDesign.check(f);
        if (f.consent.isEmpty()) {
            f.error("consent", "Participants must see a consent text.");
        }
        if (f.debrief.isEmpty()) {
            f.error("debrief", "Participants must see a debriefing text.");
        }
        WizardParticipants.check(f);
    }

    private List<WizardItems.Row> choose(WizardForm f, List<WizardItems.Row> all) {
        if (f.selection.equals("rows")) {
            try {
                List<WizardItems.Row> picked = WizardItems.explicit(all, f.rows);
                if (picked.size() > WizardForm.MAX_ITEMS) {
                    f.error("rows", "Name at most " + WizardForm.MAX_ITEMS + " rows.");
                }
                return picked;
            } catch (IllegalArgumentException e) {
                f.error("rows", e.getMessage());
                return null;
            }
        }
        Integer count = f.integer("count", f.count, 1, WizardForm.MAX_ITEMS);
        Integer seed = f.integer("seed", f.seed, 0, Integer.MAX_VALUE);
        if (count == null || seed == null) {
            return null;
        }
        if (count > all.size()) {
            f.error("count", count + " items were asked for, but there are only " + all.size() + " rows.");
            return null;
        }
        return switch (f.selection) {
            case "balanced" -> WizardItems.balanced(all, count, seed);
            case "random" -> WizardItems.random(all, count, seed);
            default -> {
                f.error("selection", "Choose how the items are picked.");
                yield null;
            }
        };
    }

    /** The blocks of items the chosen phases need, in the order the items are laid out. */
    static List<String> groups(WizardForm f) {
        List<String> groups = new ArrayList<>();
        if (f.phase("learning")) {
            groups.add("learning");
        }
        if (f.phase("pre") || f.phase("post")) {
            groups.add("test");
        }
        if (f.phase("counterfactual")) {
            groups.add("counterfactual");
        }
        if (f.phase("ratings")) {
            groups.add("ratings");
        }
        return groups;
    }

    /** Item ids ({@code r<row>}) in {@code n} contiguous blocks, the first blocks one larger when it does not divide. */
    private static List<List<String>> split(List<WizardItems.Row> chosen, int n) {
        List<List<String>> blocks = new ArrayList<>();
        int at = 0;
        for (int b = 0; b < n; b++) {
            int size = chosen.size() / n + (b < chosen.size() % n ? 1 : 0);
            blocks.add(chosen.subList(at, at + size).stream().map(r -> "r" + r.position()).toList());
            at += size;
        }
        return blocks;
    }

    private static WizardItems.Row row(List<WizardItems.Row> chosen, String id) {
        return chosen.stream().filter(r -> id.equals("r" + r.position())).findFirst().orElseThrow();
    }

    private static List<StudySpec.Condition> conditions(WizardForm f) {
        List<StudySpec.Condition> conditions = new ArrayList<>();
        f.types.forEach(t -> conditions.add(new StudySpec.Condition(WizardForm.TYPE_KEYS.get(t),
                WizardForm.TYPE_KEYS.get(t))));
        if (f.control("placebo")) {
            conditions.add(new StudySpec.Condition("placebo", "placebo"));
        }
        if (f.control("none")) {
            conditions.add(new StudySpec.Condition("control", "none", true));
        }
        return conditions;
    }
}
