package org.xstudy.study.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xstudy.study.DemoStudy;

/**
 * The design warnings of a valid spec: a step that asks participants to predict the model must not show the
 * model's output. The demo as shipped before this check (kept as a test resource) showed it in its post-test
 * and counterfactual test.
 */
class LeakCheckTest {

    static final String LEAKY_DEMO = "/specs/leaky-demo-2025.json";

    static List<SpecWarning> warnings(String json, Consumer<ObjectNode> edit) {
        ObjectNode tree = (ObjectNode) SpecParser.read(json, false);
        edit.accept(tree);
        return LeakCheck.of(SpecParser.bind(SpecParser.validated(tree)));
    }

    static Set<String> found(String json, Consumer<ObjectNode> edit) {
        return warnings(json, edit).stream().map(w -> w.pointer() + " " + w.code()).collect(Collectors.toSet());
    }

    static String leakyDemo() throws IOException {
        try (InputStream in = LeakCheckTest.class.getResourceAsStream(LEAKY_DEMO)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedDemoIsAValidSimulationStudyWithoutWarnings() {
        assertEquals(List.of(), warnings(DemoStudy.spec(), s -> { }));
        ObjectNode demo = (ObjectNode) SpecParser.read(DemoStudy.spec(), false);
        for (var phase : demo.get("phases")) {
            if (phase.path("type").asText().equals("forward")) {
                assertEquals(false, phase.get("showExplanation").asBoolean(true), "no explanation in " + phase);
            }
        }
    }

    @Test
    void theOldDemoIsWarnedWhereItShowsTheAnswer() throws IOException {
        List<SpecWarning> list = warnings(leakyDemo(), s -> { });
        assertEquals(Set.of(
                "/phases/5/showExplanation legend-names-output",
                "/phases/5/showExplanation counterfactual-shows-output",
                "/items/1/explanations/verbalization/text text-states-output",
                "/items/4/explanations/verbalization/text text-states-output",
                "/items/8/explanations/verbalization/text text-states-output",
                "/items/5/explanations/counterfactual/editedText edit-shows-answer",
                "/items/11/explanations/counterfactual/editedText edit-shows-answer"),
                list.stream().map(w -> w.pointer() + " " + w.code()).collect(Collectors.toSet()));
        String legend = list.stream().filter(w -> w.code().equals(LeakCheck.LEGEND_NAMES_OUTPUT)).findFirst()
                .orElseThrow().message();
        assertTrue(legend.contains("'post'") && legend.contains("'heatmap', 'placebo'"), legend);
        String text = list.stream().filter(w -> w.pointer().equals("/items/1/explanations/verbalization/text"))
                .findFirst().orElseThrow().message();
        assertTrue(text.contains("the label 'negative'") && text.contains("'67%'"), text);
    }

    @Test
    void theModelsOutputShownWithAForwardItemIsWarned() {
        assertEquals(Set.of("/phases/3/showModelOutput model-output-shown"),
                found(DemoStudy.spec(), s -> phase(s, 3).put("showModelOutput", true)));
    }

    @Test
    void aVerbalizationIsWarnedOnlyWhenItNamesALabelOrAConfidence() {
        Consumer<ObjectNode> shown = s -> {
            phase(s, 5).put("showExplanation", true);
            conditions(s, "verbalization");
        };
        assertEquals(Set.of("/items/1/explanations/verbalization/text text-states-output",
                "/items/4/explanations/verbalization/text text-states-output",
                "/items/8/explanations/verbalization/text text-states-output"), found(DemoStudy.spec(), shown));
        assertEquals(Set.of(), found(DemoStudy.spec(), shown.andThen(s -> {
            for (int i : new int[] {1, 4, 8}) {
                ((ObjectNode) s.at("/items/" + i + "/explanations/verbalization")).put("text",
                        "The words \"dull\" and \"positively\" weigh most; NEGATIVELY phrased reviews vary.");
            }
        })), "'positively' and 'negatively' are not the labels");
        assertEquals(Set.of("/items/1/explanations/verbalization/text text-states-output"),
                found(DemoStudy.spec(), shown.andThen(s -> ((ObjectNode) s.at("/items/4/explanations/verbalization"))
                        .put("text", "Fairly sure: the word \"worst\" decides.")).andThen(s -> ((ObjectNode) s.at(
                        "/items/8/explanations/verbalization")).put("text", "The word \"not\" decides."))));
    }

    @Test
    void rationalesAndExamplesInAForwardTestAreNotWarnedAndNeitherIsANoExplanationControl() {
        assertEquals(Set.of(), found(DemoStudy.spec(), s -> {
            phase(s, 5).put("showExplanation", true);
            conditions(s, "rationale", "none");
        }));
    }

    @Test
    void aListsDesignIsWarnedOnlyForTheConditionsItsListsShowWithTheForwardItems() {
        Consumer<ObjectNode> lists = s -> {
            phase(s, 5).put("showExplanation", true);
            ObjectNode design = s.putObject("design").put("type", "lists");
            ObjectNode conditions = design.putArray("lists").addObject().put("id", "L1").putObject("conditions");
            for (int i = 1; i <= 12; i++) {
                conditions.put(String.format("m%02d", i), List.of(2, 5, 9).contains(i) ? "control" : "heatmap");
            }
        };
        assertEquals(Set.of(), found(DemoStudy.spec(), lists));
        assertEquals(Set.of("/phases/5/showExplanation legend-names-output"), found(DemoStudy.spec(), lists.andThen(
                s -> ((ObjectNode) s.at("/design/lists/0/conditions")).put("m05", "placebo"))));
    }

    @Test
    void aCounterfactualTestIsWarnedWhenTheExplanationIsTheEditAskedAbout() {
        assertEquals(Set.of("/items/11/explanations/counterfactual/editedText edit-shows-answer"),
                found(DemoStudy.spec(), s -> ((ObjectNode) s.at("/items/11/perturbations/0")).put("text",
                        "  the best moments feel like a mess ,   the rest is merely fine . ")));
        assertEquals(Set.of(), found(DemoStudy.spec(), s -> {
            ((ObjectNode) s.at("/items/11/perturbations/0")).put("text",
                    s.at("/items/11/explanations/counterfactual/editedText").asText());
            phase(s, 6).put("showExplanation", false);
        }), "nothing is shown, so nothing is given away");
    }

    @Test
    void aStoredSpecWithoutAPayloadItsConditionNamesIsCheckedWithoutFailing() {
        ObjectNode tree = (ObjectNode) SpecParser.read(DemoStudy.spec(), false);
        phase(tree, 5).put("showExplanation", true);
        ((ObjectNode) tree.at("/items/1/explanations")).remove("heatmap");
        ((ObjectNode) tree.at("/items/4")).remove("explanations");
        assertEquals(false, SpecValidator.validate(tree).isEmpty(), "invalid now, but normalised so that it binds");
        Set<String> found = LeakCheck.of(SpecParser.bind(tree)).stream().map(w -> w.pointer() + " " + w.code())
                .collect(Collectors.toSet());
        assertTrue(found.contains("/phases/5/showExplanation legend-names-output"), found.toString());
        assertTrue(found.contains("/items/1/explanations/verbalization/text text-states-output"), found.toString());
    }

    private static ObjectNode phase(ObjectNode spec, int i) {
        return (ObjectNode) spec.get("phases").get(i);
    }

    private static void conditions(ObjectNode spec, String... explanations) {
        ArrayNode c = spec.putArray("conditions");
        for (String e : explanations) {
            c.addObject().put("id", e.equals("none") ? "control" : e).put("explanation", e);
        }
    }
}
