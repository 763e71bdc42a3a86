package org.xstudy.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.model.ModelRegistry;
import org.xstudy.model.ToyData;
import org.xstudy.model.cnn.CnnTrainer;
import org.xstudy.model.tokens.PieceTokenizer;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.represent.DirectionWords;
import org.xstudy.study.TestStudies;

/**
 * Issue 19, defect 5: absolute saliency (magnitudes) was drawn with the legend "blue = supports" and verbalized as
 * "mostly because of". Now a saliency explanation of the demo CNN becomes a heatmap on the one-colour scale whose
 * legend has no direction words, in the API, on the participant page and in the explanation browser, and a template
 * verbalization with no direction words that passes the faithfulness check; Integrated Gradients (signed) keeps the
 * two-colour scale and its legend. The model is a real PyTorch CNN of the demo architecture trained here on the toy
 * sentences.
 */
@QuarkusTest
class MagnitudeHeatmapTest {

    static final String M01 = "the film was wonderful overall .";
    static final String MODEL = "magnitude-cnn";

    @Inject
    Users users;

    @Inject
    ModelRegistry registry;

    Users.Account owner;

    @BeforeEach
    void ownerAndModel() {
        owner = users.create("researcher");
        if (registry.find(MODEL).isEmpty()) {
            registry.register(CnnTrainer.train(MODEL, ToyData.LABELS, PieceTokenizer.bge(),
                    ToyData.sentences(40, 21).rows(), new CnnTrainer.Settings(16, 8, new int[] {3}, 4, 8, 1e-2f, 0f,
                            1, 5L), epoch -> { }));
        }
    }

    JsonPath post(String path, Object body, int status) {
        return given().header("X-API-Key", owner.token()).contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(status).extract().jsonPath();
    }

    long explain(String method) {
        return post("/api/explanations", Map.of("text", M01, "model", MODEL, "method", method), 200)
                .getLong("id");
    }

    /** The legend's text: its end labels and its sentences. */
    static String legend(String html) {
        Matcher m = Pattern.compile("<figcaption class=\"xh-legend\">(.*?)</figcaption>").matcher(html);
        assertTrue(m.find(), html);
        return m.group(1).replaceAll("<[^>]+>", " ");
    }

    @Test
    void aSaliencyExplanationIsAOneColourHeatmapAndIntegratedGradientsKeepsTwoColours() {
        long saliency = explain("saliency");
        JsonPath heatmap = post("/api/representations/heatmap", Map.of("explanation", saliency), 201);
        String html = heatmap.getString("html");
        assertEquals(List.of(), DirectionWords.in(legend(html)), legend(html));
        assertTrue(html.contains("xh-w xh-m") && !html.contains("xh-c"), html);
        assertEquals(false, heatmap.getBoolean("payload.provenance.signed"), "the frozen payload records it");

        long ig = explain("integrated_gradients");
        String signed = post("/api/representations/heatmap/preview", Map.of("explanation", ig), 200).getString("html");
        assertTrue(signed.contains("xh-w xh-c") && !signed.contains("xh-m"), signed);
        assertTrue(legend(signed).contains("Blue words support"), legend(signed));
    }

    /** The template verbalization of saliency says which words the model was most sensitive to, and passes the check. */
    @Test
    void aSaliencyExplanationIsVerbalizedWithoutDirectionWords() {
        long saliency = explain("saliency");
        for (boolean confidence : new boolean[] {false, true}) {
            JsonPath template = post("/api/representations/template/preview",
                    Map.of("explanation", saliency, "withConfidence", confidence), 200);
            String text = template.getString("result.verbalization.text");
            assertEquals(List.of(), DirectionWords.in(text), text);
            assertTrue(text.contains("most sensitive to"), text);
            assertEquals(true, template.getBoolean("result.check.faithful"), template.prettify());
            assertEquals(Boolean.FALSE, template.get("payload.provenance.signed"));
        }

        String verbal = post("/api/representations/template/preview", Map.of("explanation",
                explain("integrated_gradients")), 200)
                .getString("result.verbalization.text");
        assertFalse(DirectionWords.in(verbal).isEmpty(), "signed verbalizations keep their direction: " + verbal);
    }

    @Test
    void signedSaliencyIsRefusedWithTheParameterNamed() {
        given().header("X-API-Key", owner.token()).contentType(ContentType.JSON)
                .body(Map.of("text", M01, "model", MODEL, "method", "saliency", "params",
                        Map.of("absolute", false)))
                .post("/api/explanations").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", org.hamcrest.Matchers.equalTo("/params/absolute"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("gradient_x_input"));
    }

    /**
     * A study whose m01 heatmap is frozen from a saliency representation (by ref) and whose other heatmaps record
     * {@code "signed": false} by hand: participants and the browser see the one-colour scale.
     */
    @Test
    void participantsAndTheBrowserSeeMagnitudesOnTheOneColourScale() {
        long representation = post("/api/representations/heatmap", Map.of("explanation", explain("saliency")), 201)
                .getLong("id");
        ObjectNode spec = TestStudies.demo(s -> {
            s.put("title", "Magnitudes of " + owner.email());
            for (var item : s.withArray("items")) {
                ObjectNode heatmap = (ObjectNode) item.get("explanations").get("heatmap");
                if (item.get("id").asText().equals("m01")) {
                    ((ObjectNode) item).put("text", M01).remove("perturbations");
                    ((ObjectNode) item).putObject("explanations").putObject("heatmap")
                            .put("ref", "representation:" + representation);
                } else {
                    heatmap.put("method", "saliency").putObject("provenance").put("signed", false);
                }
            }
            s.putArray("conditions").addObject().put("id", "heatmap").put("explanation", "heatmap");
        });
        long study = TestStudies.create(spec, owner.token());
        given().header("X-API-Key", owner.token()).post("/api/studies/" + study + "/open").then().statusCode(200);

        ParticipantClient p = new ParticipantClient(spec.get("slug").asText());
        p.join("PID-MAGNITUDE-1");
        while (!"learning".equals(p.currentKind())) {
            String step = p.currentStep();
            p.post(step, ParticipantClient.validAnswer(p.currentKind(), step));
        }
        String page = p.page().asString();
        assertEquals(List.of(), DirectionWords.in(legend(page)), legend(page));
        assertTrue(page.contains("xh-w xh-m") && !page.contains("xh-c"), page);
        assertTrue(page.contains("data-scale=\"magnitude\""), page);

        ConsoleClient console = ConsoleClient.signedIn(owner.email(), Users.PASSWORD);
        var browser = console.get("/console/studies/" + study + "/explanations");
        assertEquals(200, browser.statusCode(), browser.asString());
        String m01 = ExplanationBrowserTest.section(browser.asString(), "m01");
        assertEquals(List.of(), DirectionWords.in(legend(m01)), legend(m01));
        assertTrue(m01.contains("xh-w xh-m") && !m01.contains("xh-c"), m01);
    }
}
