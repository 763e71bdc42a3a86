package org.xstudy.participant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.xstudy.study.TestStudies;

/** A participant in a composite condition sees the heatmap and the verbalization of each item together. */
@QuarkusTest
class CompositeParticipantPageTest {

    @Test
    void theCompositeConditionShowsEveryPartOnTheLearningStep() {
        String slug = TestStudies.open(TestStudies.demo(s -> {
            for (var item : s.get("items")) {
                ObjectNode composite = ((ObjectNode) item.get("explanations")).putObject("composite");
                composite.put("kind", "composite");
                composite.putArray("parts").add("heatmap").add("verbalization");
            }
            var conditions = s.putArray("conditions");
            conditions.addObject().put("id", "composite").put("explanation", "composite");
        }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-COMPOSITE-1");
        while (!"learning".equals(p.currentKind())) {
            String step = p.currentStep();
            p.post(step, ParticipantClient.validAnswer(p.currentKind(), step));
        }
        String page = p.page().asString();
        int composite = page.indexOf("<div class=\"xs-composite\">");
        int heatmap = page.indexOf("xh-heatmap");
        int verbal = page.indexOf("<div class=\"xs-verbal\">");
        assertTrue(composite > 0 && heatmap > composite && verbal > heatmap,
                "the heatmap, then the verbalization, inside the composite: " + page);
        assertTrue(page.contains(">Heatmap</h3>") && page.contains(">Verbalization</h3>"), page);
    }
}
