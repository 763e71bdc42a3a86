package org.xstudy.participant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xstudy.common.Problem.FieldError;
import org.xstudy.study.DemoStudy;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.SpecValidator;
import org.xstudy.study.spec.StudySpec;

/**
 * A composite payload shows several explanations of one item together (Hase and Bansal's Composite condition):
 * validated against the item's other explanation types, rendered on the participant page as each part's own
 * fragment in the order given, under its title.
 */
class CompositeExplanationTest {

    private static ObjectNode withComposite(Consumer<ArrayNode> parts) {
        ObjectNode spec = (ObjectNode) SpecParser.read(DemoStudy.spec(), false);
        for (var item : spec.get("items")) {
            ObjectNode composite = ((ObjectNode) item.get("explanations")).putObject("composite");
            composite.put("kind", "composite");
            parts.accept(composite.putArray("parts"));
        }
        ((ArrayNode) spec.get("conditions")).addObject().put("id", "composite").put("explanation", "composite");
        return spec;
    }

    @Test
    void aCompositeShowsEachPartInOrderUnderItsTitle() {
        ObjectNode spec = withComposite(p -> p.add("heatmap").add("verbalization").add("counterfactual"));
        assertEquals(List.of(), SpecValidator.validate(spec));
        StudySpec bound = SpecParser.bind(spec);
        StudySpec.Item item = bound.items().get(0);
        String html = ExplanationHtml.of(item, "composite");
        String heatmap = ExplanationHtml.of(item, "heatmap");
        String verbal = ExplanationHtml.of(item, "verbalization");
        String counterfactual = ExplanationHtml.of(item, "counterfactual");
        assertTrue(html.startsWith("<div class=\"xs-composite\">"), html);
        int h = html.indexOf(heatmap);
        int v = html.indexOf(verbal);
        int c = html.indexOf(counterfactual);
        assertTrue(h > 0 && v > h && c > v, "every part's own fragment, in the order given: " + html);
        assertEquals(3, html.split("<section class=\"xs-composite-part\">", -1).length - 1);
        assertTrue(html.contains(">Heatmap</h3>") && html.contains(">Verbalization</h3>"), html);
        assertFalse(html.contains("style="), "no inline style under the participant pages' CSP");
    }

    @Test
    void partsMustBeOtherExplanationsOfTheItemAndNotComposites() {
        Set<String> errors = pointers(withComposite(p -> p.add("heatmap").add("lime")));
        assertTrue(errors.contains("/items/0/explanations/composite/parts/1"), errors.toString());
        errors = pointers(withComposite(p -> p.add("heatmap").add("composite")));
        assertTrue(errors.contains("/items/0/explanations/composite/parts/1"), errors.toString());
        errors = pointers(withComposite(p -> p.add("heatmap")));
        assertTrue(errors.contains("/items/0/explanations/composite/parts"), "at least two parts: " + errors);
        errors = pointers(withComposite(p -> p.add("heatmap").add("heatmap")));
        assertTrue(errors.contains("/items/0/explanations/composite/parts/1"), errors.toString());
    }

    private static Set<String> pointers(ObjectNode spec) {
        return SpecValidator.validate(spec).stream().map(FieldError::pointer).collect(Collectors.toSet());
    }
}
