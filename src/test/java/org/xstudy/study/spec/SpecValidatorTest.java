package org.xstudy.study.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xstudy.common.Problem.FieldError;
import org.xstudy.study.DemoStudy;

class SpecValidatorTest {

    static ObjectNode demo() {
        return (ObjectNode) SpecParser.read(DemoStudy.spec(), false);
    }

    static Set<String> pointers(Consumer<ObjectNode> edit) {
        ObjectNode spec = demo();
        edit.accept(spec);
        return SpecValidator.validate(spec).stream().map(FieldError::pointer).collect(Collectors.toSet());
    }

    @Test
    void theDemoSpecIsValidAndBinds() {
        ObjectNode spec = demo();
        assertEquals(List.of(), SpecValidator.validate(spec));
        StudySpec bound = SpecParser.bind(spec);
        assertEquals(12, bound.items().size());
        assertEquals("confidence", bound.phases().get(5).ratings().get(0).id(), "preset scale expanded");
    }

    @Test
    void reportsEveryErrorAtOnceWithPointers() {
        Set<String> errors = pointers(s -> {
            s.put("specVersion", 2);
            ((ArrayNode) s.get("labels")).add("negative");
            ((ObjectNode) s.get("items").get(1)).put("id", "m01");
            ((ObjectNode) s.get("items").get(0).get("explanations").get("heatmap").get("tokens").get(0)).put("end", 999);
            ((ObjectNode) s.get("conditions").get(0)).put("explanation", "saliency");
            ((ObjectNode) s.get("phases").get(3)).putArray("items").add("nope");
            ((ObjectNode) s.get("phases").get(5).get("attentionChecks").get(0)).put("answer", "Maybe");
            ((ObjectNode) s.get("participants")).put("completionUrl", "javascript:alert(1)");
        });
        assertTrue(errors.containsAll(Set.of("/specVersion", "/labels/2", "/items/1/id",
                "/items/0/explanations/heatmap/tokens/0/end", "/conditions/0/explanation", "/phases/3/items/0",
                "/phases/5/attentionChecks/0/answer", "/participants/completionUrl")), errors.toString());
    }

    @Test
    void theDemoFlagsItsNoExplanationConditionAsTheControl() {
        StudySpec bound = SpecParser.bind(SpecParser.validated(demo()));
        assertEquals("control", bound.control());
        assertEquals("none", bound.condition(bound.control()).explanation());
    }

    @Test
    void atMostOneConditionIsTheControlAndTheFlagIsABoolean() {
        assertEquals(Set.of("/conditions/1/control"), pointers(s -> {
            ((ObjectNode) s.get("conditions").get(0)).put("control", true);
            ((ObjectNode) s.get("conditions").get(1)).put("control", true);
            for (JsonNode c : s.get("conditions")) {
                if (c.path("id").asText().equals("control")) {
                    ((ObjectNode) c).put("control", false);
                }
            }
        }));
        assertEquals(Set.of("/conditions/0/control"), pointers(s ->
                ((ObjectNode) s.get("conditions").get(0)).put("control", "yes")));
        ObjectNode none = demo();
        none.get("conditions").forEach(c -> ((ObjectNode) c).remove("control"));
        assertEquals(List.of(), SpecValidator.validate(none), "a study without a control is valid");
        assertEquals(null, SpecParser.bind(none).control(), "nothing guessed from the names");
    }

    @Test
    void tokenOffsetsMustMatchTheText() {
        Set<String> errors = pointers(s -> ((ObjectNode) s.get("items").get(0).get("explanations").get("heatmap")
                .get("tokens").get(0)).put("token", "terrible"));
        assertEquals(Set.of("/items/0/explanations/heatmap/tokens/0/token"), errors);
    }

    /**
     * {@code "signed": false} draws the scores as magnitudes (a negative one by its absolute value, to show a signed
     * method without direction); it must be a boolean, since a string would silently keep the signed scale.
     */
    @Test
    void signedInAPayloadsProvenanceIsABoolean() {
        assertEquals(Set.of(), pointers(s -> ((ObjectNode) s.get("items").get(0).get("explanations").get("heatmap"))
                .putObject("provenance").put("signed", false)), "signed scores may be shown as magnitudes");
        assertEquals(Set.of("/items/0/explanations/heatmap/provenance/signed"), pointers(s ->
                ((ObjectNode) s.get("items").get(0).get("explanations").get("heatmap")).putObject("provenance")
                        .put("signed", "false")));
        assertEquals(Set.of("/items/0/explanations/heatmap/provenance"), pointers(s ->
                ((ObjectNode) s.get("items").get(0).get("explanations").get("heatmap")).put("provenance", "x")));
    }

    @Test
    void probabilitiesMustSumToOne() {
        Set<String> errors = pointers(s -> ((ObjectNode) s.get("items").get(0).get("prediction").get("probabilities"))
                .put("negative", 0.5).put("positive", 0.7));
        assertEquals(Set.of("/items/0/prediction/probabilities"), errors);
    }

    @Test
    void listsDesignChecksItsReferences() {
        Set<String> errors = pointers(s -> {
            ObjectNode design = s.putObject("design");
            design.put("type", "lists");
            ObjectNode list = design.putArray("lists").addObject();
            list.put("id", "L1");
            list.putObject("conditions").put("m01", "heatmap").put("zz", "heatmap").put("m02", "nope");
        });
        assertEquals(Set.of("/design/lists/0/conditions/zz", "/design/lists/0/conditions/m02"), errors);
    }

    @Test
    void trialSequencesCheckEveryPair() {
        Set<String> errors = pointers(s -> {
            ((ObjectNode) s.get("items").get(1).get("explanations")).remove("rationale");
            ObjectNode design = s.putObject("design");
            design.put("type", "lists");
            ArrayNode lists = design.putArray("lists");
            ObjectNode list = lists.addObject().put("id", "L1").put("order", "sideways");
            ArrayNode trials = list.putArray("trials");
            trials.addObject().put("item", "m01").put("condition", "heatmap");
            trials.addObject().put("item", "m01").put("condition", "rationale");
            trials.addObject().put("item", "m01").put("condition", "heatmap");
            trials.addObject().put("item", "zz").put("condition", "heatmap");
            trials.addObject().put("item", "m02").put("condition", "rationale");
            trials.addObject().put("item", "m03").put("condition", "nope").put("extra", 1);
            ObjectNode both = lists.addObject().put("id", "L2");
            both.putArray("trials").addObject().put("item", "m01").put("condition", "control");
            both.putObject("conditions").put("m01", "control");
        });
        assertEquals(Set.of("/design/lists/0/order", "/design/lists/0/trials/2", "/design/lists/0/trials/3/item",
                "/design/lists/0/trials/4/condition", "/design/lists/0/trials/5/condition",
                "/design/lists/0/trials/5/extra", "/design/lists/1"), errors);
    }

    @Test
    void inAListsDesignOnlyPairedItemsNeedTheirConditionsPayload() {
        Set<String> errors = pointers(s -> {
            for (JsonNode item : s.get("items")) {
                if (!item.get("id").asText().equals("m01")) {
                    ((ObjectNode) item.get("explanations")).remove("rationale");
                }
            }
            ObjectNode design = s.putObject("design");
            design.put("type", "lists");
            ArrayNode trials = design.putArray("lists").addObject().put("id", "L1").putArray("trials");
            trials.addObject().put("item", "m01").put("condition", "rationale");
            trials.addObject().put("item", "m02").put("condition", "heatmap");
        });
        assertEquals(Set.of(), errors);
    }

    @Test
    void structuralMistakesArePointedAt() {
        Set<String> errors = pointers(s -> {
            ((ArrayNode) s.get("phases")).insert(1, ((ObjectNode) s.get("phases").get(0)).deepCopy());
            ((ObjectNode) s.get("phases").get(3)).put("maxAttempts", 3);
            ((ObjectNode) s.get("phases").get(8)).putArray("ratings").add("joy");
        });
        assertTrue(errors.containsAll(Set.of("/phases/1/type", "/phases/3/maxAttempts", "/phases/8/ratings/0")),
                errors.toString());
    }

    @Test
    void wrongTypesAreReportedNotThrown() {
        JsonNode notAnObject = SpecParser.read("[1, 2]", false);
        assertEquals(List.of(new FieldError("", "Must be an object.")), SpecValidator.validate(notAnObject));
        Set<String> errors = pointers(s -> {
            s.put("items", "many");
            s.putArray("phases").add(7);
            s.put("labels", 3);
        });
        assertTrue(errors.containsAll(Set.of("/items", "/phases/0", "/labels")), errors.toString());
    }
}
