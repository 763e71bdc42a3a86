package org.xstudy.console.wizard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.common.Actor;
import org.xstudy.common.Ownership;
import org.xstudy.common.ProblemException;
import org.xstudy.explain.Explanation;
import org.xstudy.explain.ExplanationService;
import org.xstudy.represent.api.RepresentRequest;
import org.xstudy.represent.api.RepresentationStore;
import org.xstudy.represent.api.Representations;
import org.xstudy.represent.check.VerbalizationCheck;
import org.xstudy.study.spec.Payload;
import org.xstudy.study.spec.StudySpec;

/**
 * Turns one chosen row into a study item with inline payloads, through the engine's own services: the attribution
 * comes from {@link ExplanationService} (stored with its provenance, reused when already computed) and every
 * representation from {@link RepresentationStore#preview}, exactly as {@code POST /api/representations/{kind}/preview}
 * would make it. Failures name the wizard's form field at fault.
 */
@ApplicationScoped
public class WizardPayloads {

    @Inject
    ExplanationService explanations;

    @Inject
    RepresentationStore representations;

    @Inject
    ObjectMapper json;

    /** What to generate for every item of one wizard run, and for whom (who owns the explanations it stores). */
    /**
     * @param allowUnfaithful freeze verbalizations that fail the faithfulness check (the override is recorded in
     *     each such payload's provenance); otherwise they are refused
     */
    public record Plan(String model, String method, List<String> types, boolean placebo,
            List<RepresentRequest.PoolExample> pool, Actor owner, boolean allowUnfaithful) {}

    /**
     * No counterfactual that changes the model's output was found for the row at {@code row} (on real sentences
     * about half have none within the search's limits), so the wizard can name every such row at once.
     */
    public static final class NoCounterfactual extends RuntimeException {
        private final int row;

        NoCounterfactual(int row) {
            super("no counterfactual for row " + row, null, false, false);
            this.row = row;
        }

        public int row() {
            return row;
        }
    }

    static final String OVERRIDE = "frozen by the wizard although it fails the faithfulness check: the researcher "
            + "ticked 'Freeze verbalizations that fail the check'";

    /**
     * The item for a row, with the model's prediction, gold label when the model knows it, the payload of every
     * planned type and, when asked, one perturbation for counterfactual simulation.
     */
    public StudySpec.Item item(Plan plan, String id, WizardItems.Row row, boolean perturbation) {
        Explanation e = explain(plan, row, plan.method(), Map.of());
        List<String> labels = List.of(read(e.labels, String[].class));
        double[] p = read(e.probabilities, double[].class);
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            probabilities.put(labels.get(i), Math.round(p[i] * 10_000) / 10_000.0);
        }
        StudySpec.Prediction prediction = new StudySpec.Prediction(labels.get(e.prediction), probabilities);
        Map<String, Payload> payloads = new LinkedHashMap<>();
        for (String type : plan.types()) {
            payloads.put(WizardForm.TYPE_KEYS.get(type), payload(plan, type, row, e));
        }
        if (plan.placebo()) {
            Explanation placebo = explain(plan, row, "placebo", Map.of("source", plan.method()));
            payloads.put("placebo", provenance(representation("heatmap", request(placebo.id, null, null)).payload(),
                    "placebo", placebo));
        }
        List<StudySpec.Perturbation> perturbations = perturbation ? perturbations(row, e) : null;
        String gold = row.label() != null && labels.contains(row.label()) ? row.label() : null;
        return new StudySpec.Item(id, row.text(), prediction, gold, payloads, perturbations);
    }

    private Payload payload(Plan plan, String type, WizardItems.Row row, Explanation e) {
        Representations.Generated g = switch (type) {
            case "heatmap", "rationale", "llm" -> representation(type, request(e.id, null, null));
            case "template" -> representation("template", request(e.id, null, null, true));
            case "counterfactual" -> representation("counterfactuals", request(e.id, 1, null));
            case "examples" -> representation("examples", new RepresentRequest(row.text(), null, null, null, null,
                    null, plan.model(), null, null, null, null, null, null, null, null, null, null, null, null, 3, null,
                    plan.pool().stream().filter(x -> !x.text().equals(row.text())).toList(), null, null, null));
            default -> throw new IllegalArgumentException(type);
        };
        if (g.payload() == null) {
            throw new NoCounterfactual(row.position());
        }
        String method = "heatmap".equals(type) ? plan.method() : g.payload().method();
        Payload out = provenance(g.payload(), method, e);
        if (g.payload().provenance() != null
                && g.payload().provenance().get("check") instanceof VerbalizationCheck check && !check.faithful()) {
            if (!plan.allowUnfaithful()) {
                throw ProblemException.badField("allowUnfaithful", label(type) + " of row " + row.position()
                        + " fails the faithfulness check: " + check.summary() + ". Tick 'Freeze verbalizations that "
                        + "fail the check' to keep it (recorded), or choose other items or types.");
            }
            out.provenance().put("override", OVERRIDE);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<StudySpec.Perturbation> perturbations(WizardItems.Row row, Explanation e) {
        Representations.Generated g = representation("perturbations", request(e.id, 1, 1L));
        List<StudySpec.Perturbation> found = (List<StudySpec.Perturbation>) g.result().get("specPerturbations");
        if (found == null || found.isEmpty()) {
            throw ProblemException.badField("phases", "No edit of row " + row.position()
                    + " could be made for counterfactual simulation; choose other items or leave out that phase.");
        }
        return found;
    }

    private Explanation explain(Plan plan, WizardItems.Row row, String method, Map<String, Object> params) {
        try {
            return explanations.explain(explanations.check(row.text(), plan.model(), method, params, null), false,
                    Ownership.of(plan.owner())).explanation();
        } catch (ProblemException x) {
            String field = x.problem().errors().stream().anyMatch(f -> f.pointer().equals("/text")) ? "source"
                    : x.problem().errors().stream().anyMatch(f -> f.pointer().equals("/model")) ? "model" : "method";
            throw ProblemException.badField(field, "Row " + row.position() + ": " + first(x));
        }
    }

    private Representations.Generated representation(String kind, RepresentRequest request) {
        try {
            return representations.preview(kind, request);
        } catch (ProblemException x) {
            throw ProblemException.badField("types", label(kind) + ": " + first(x));
        }
    }

    private static String label(String kind) {
        return switch (kind) {
            case "examples" -> "Similar examples";
            case "llm" -> "LLM verbalization";
            case "template" -> "Template verbalization";
            case "counterfactuals", "perturbations" -> "Counterfactuals";
            default -> kind.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + kind.substring(1);
        };
    }

    private static String first(ProblemException x) {
        var p = x.problem();
        return p.errors() == null || p.errors().isEmpty() ? p.detail() : p.errors().get(0).message();
    }

    private static Payload provenance(Payload p, String method, Explanation e) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("provenance", "wizard");
        provenance.putAll(RepresentationStore.attribution(e));
        if (p.provenance() != null) {
            provenance.putAll(p.provenance());
        }
        return new Payload(p.kind(), null, method, p.tokens(), p.text(), p.editedText(), p.prediction(), p.examples(),
                provenance);
    }

    private static RepresentRequest request(Long explanation, Integer count, Long seed) {
        return request(explanation, count, seed, null);
    }

    private static RepresentRequest request(Long explanation, Integer count, Long seed, Boolean withConfidence) {
        return new RepresentRequest(null, null, null, explanation, null, null, null, null, null, null, null, null,
                null, null, null, null, null, withConfidence, null, count, null, null, seed, null, null);
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }
}
