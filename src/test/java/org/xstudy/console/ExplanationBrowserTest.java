package org.xstudy.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.account.Collaborators;
import org.xstudy.model.ModelRegistry;
import org.xstudy.represent.BagOfWordsClassifier;
import org.xstudy.study.TestStudies;

/**
 * The explanation browser over HTTP: an item's scores, agreement and model output; the method and right/wrong
 * filters; the empty state; escaping; and access (collaborators read it, other researchers get 404).
 */
@QuarkusTest
class ExplanationBrowserTest {

    static final String SCRIPT = "<script>alert(1)</script>";

    @Inject
    Users users;

    @Inject
    Collaborators collaborators;

    @Inject
    ModelRegistry registry;

    Users.Account owner;
    ConsoleClient console;
    long study;

    @BeforeEach
    void study() {
        owner = users.create("researcher");
        console = ConsoleClient.signedIn(owner.email(), Users.PASSWORD);
        study = create(owner, ExplanationBrowserTest::scoredAndHostile);
    }

    /** m01's heatmap carries stored ERASER scores; m12 (a wrong prediction) has a script tag as a word. */
    static void scoredAndHostile(ObjectNode spec) {
        ObjectNode m01 = item(spec, "m01");
        ((ObjectNode) m01.with("explanations").get("heatmap")).putObject("provenance").putObject("faithfulness")
                .put("comprehensiveness", 0.4321).put("sufficiency", 0.1234).put("aopcComprehensiveness", 0.3456);
        ObjectNode m12 = item(spec, "m12");
        String text = SCRIPT + " a dull film";
        m12.put("text", text);
        m12.with("explanations").fields().forEachRemaining(e -> {
            if (e.getValue().path("kind").asText().equals("token-scores")) {
                ((ObjectNode) e.getValue()).set("tokens", words(text, (ArrayNode) e.getValue().get("tokens")));
            }
        });
    }

    @Test
    void showsTheItemsCovariatesEscaped() {
        study = create(owner, s -> {
            item(s, "m01").putObject("covariates").put("coverage", 0.62).put("length", 14).put("sarcastic", false)
                    .put("genre", SCRIPT);
        });
        String m01 = section(page(""), "m01");
        assertTrue(m01.contains("<dt>coverage</dt><dd data-covariate=\"coverage\">0.62</dd>"), m01);
        assertTrue(m01.contains("<dt>length</dt><dd data-covariate=\"length\">14</dd>"), m01);
        assertTrue(m01.contains("<dt>sarcastic</dt><dd data-covariate=\"sarcastic\">false</dd>"), m01);
        assertFalse(m01.contains(SCRIPT), "a covariate's text is escaped");
        assertFalse(section(page(""), "m02").contains("data-covariate"), "an item without covariates shows none");
    }

    static ObjectNode item(ObjectNode spec, String id) {
        for (var i : spec.withArray("items")) {
            if (i.get("id").asText().equals(id)) {
                return (ObjectNode) i;
            }
        }
        throw new AssertionError("no item " + id);
    }

    /** Whitespace words of {@code text} with offsets, scored 0.9, 0.1, -0.5, … */
    static ArrayNode words(String text, ArrayNode into) {
        into.removeAll();
        Matcher m = Pattern.compile("\\S+").matcher(text);
        double score = 0.9;
        while (m.find()) {
            into.addObject().put("token", m.group()).put("start", m.start()).put("end", m.end()).put("score", score);
            score -= 0.3;
        }
        return into;
    }

    long create(Users.Account who, Consumer<ObjectNode> edit) {
        return TestStudies.create(TestStudies.demo(s -> {
            s.put("title", "Browser study of " + who.email());
            edit.accept(s);
        }), who.token());
    }

    String page(String query) {
        var r = console.get("/console/studies/" + study + "/explanations" + query);
        assertEquals(200, r.statusCode(), r.asString());
        return r.asString();
    }

    static String section(String html, String item) {
        int from = html.indexOf("id=\"item-" + item + "\"");
        assertTrue(from >= 0, "no item " + item);
        return html.substring(from, html.indexOf("</section>", from));
    }

    @Test
    void showsEveryExplanationWithScoresAgreementAndModelOutput() {
        String m01 = section(page(""), "m01");
        for (String method : new String[] {"heatmap", "rationale", "verbalization", "counterfactual", "placebo"}) {
            assertTrue(m01.contains("data-method=\"" + method + "\""), method);
        }
        assertTrue(m01.contains("<dt>comprehensiveness</dt><dd>0.432</dd>"), m01);
        assertTrue(m01.contains("<dt>sufficiency</dt><dd>0.123</dd>"), m01);
        assertTrue(m01.contains("<dt>AOPC comprehensiveness</dt><dd>0.346</dd>"), m01);
        assertTrue(m01.contains("class=\"xc-prediction\">positive</dd>"), m01);
        assertTrue(m01.contains("negative 0.270, positive 0.730"), m01);
        assertTrue(m01.contains("xc-outcome-right"), m01);
        assertTrue(m01.contains("class=\"xh-heatmap"), "the participant heatmap is rendered");
        assertTrue(m01.contains("Agreement between methods"), m01);
        assertTrue(m01.matches("(?s).*heatmap \\(integrated-gradients\\) · placebo.*?</th><td class=\"xc-num\">-?[01]\\.\\d{3}"
                + "</td><td class=\"xc-num\">-?[01]\\.\\d{3}</td>.*"), m01);
        assertTrue(section(page(""), "m12").contains("xc-outcome-wrong"));
    }

    @Test
    void scoresStoredWithReferencedRepresentationsAppear() {
        registry.register(new BagOfWordsClassifier(Map.of("wonderful", 2.0, "moving", 1.0, "film", -0.2), 0.1));
        String text = item(TestStudies.demo(s -> { }), "m01").get("text").asText();
        JsonPath explanation = api().body(Map.of("text", text, "model", "bow-test", "method", "occlusion"))
                .post("/api/explanations").then().statusCode(200).extract().jsonPath();
        double aopc = explanation.getDouble("metrics.faithfulness.aopcComprehensiveness");
        long heatmap = api().body(Map.of("explanation", explanation.getLong("id"))).post("/api/representations/heatmap")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        JsonPath rationale = api().body(Map.of("explanation", explanation.getLong("id"), "model", "bow-test"))
                .post("/api/representations/rationale").then().statusCode(201).extract().jsonPath();
        double sufficiency = rationale.getDouble("result.faithfulness.sufficiency");
        study = create(owner, s -> {
            ObjectNode ex = item(s, "m01").with("explanations");
            ex.putObject("heatmap").put("ref", "representation:" + heatmap);
            ex.putObject("rationale").put("ref", "representation:" + rationale.getLong("id"));
        });
        String m01 = section(page("?method=heatmap&method=rationale"), "m01");
        assertTrue(m01.contains("<dt>AOPC comprehensiveness</dt><dd>" + String.format(Locale.ROOT, "%.3f", aopc)),
                "the explanation's stored AOPC: " + m01);
        assertTrue(m01.contains("<dt>comprehensiveness by k</dt><dd>1%: "), m01);
        assertTrue(m01.contains("<dt>sufficiency</dt><dd>" + String.format(Locale.ROOT, "%.3f", sufficiency)),
                "the rationale's stored sufficiency: " + m01);
        assertTrue(section(page(""), "m02").contains("No faithfulness scores stored."));
    }

    /** Issue 19: the model-randomisation sanity check of a gradient method is in metrics and in the browser. */
    @Test
    void theSanityCheckOfAGradientMethodAppears() {
        registry.register(StudyWizardTest.model());
        String text = item(TestStudies.demo(s -> { }), "m01").get("text").asText();
        JsonPath explanation = api().body(Map.of("text", text, "model", StudyWizardTest.MODEL, "method",
                "gradient_x_input")).post("/api/explanations").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("output", "conv3", "embeddings"), explanation.getList("metrics.sanity.steps.layer"));
        double score = explanation.getDouble("metrics.sanity.score");
        long heatmap = api().body(Map.of("explanation", explanation.getLong("id"))).post("/api/representations/heatmap")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        study = create(owner, s -> item(s, "m01").with("explanations").putObject("heatmap")
                .put("ref", "representation:" + heatmap));
        String m01 = section(page("?method=heatmap"), "m01");
        assertTrue(m01.contains("<dt>model-randomisation sanity (1 − |ρ|)</dt><dd>"
                + String.format(Locale.ROOT, "%.3f", score)), m01);
    }

    /** Issue 19: a method the sanity check does not run for says why, in metrics and in the browser. */
    @Test
    void aMethodThatIsNotCheckedShowsWhy() {
        registry.register(StudyWizardTest.model());
        String text = item(TestStudies.demo(s -> { }), "m01").get("text").asText();
        JsonPath explanation = api().body(Map.of("text", text, "model", StudyWizardTest.MODEL, "method",
                "occlusion")).post("/api/explanations").then().statusCode(200).extract().jsonPath();
        assertFalse(explanation.getBoolean("metrics.sanity.checked"));
        String reason = explanation.getString("metrics.sanity.reason");
        assertTrue(reason.startsWith("Perturbation methods are checked on models without gradients only"), reason);
        long heatmap = api().body(Map.of("explanation", explanation.getLong("id"))).post("/api/representations/heatmap")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        study = create(owner, s -> item(s, "m01").with("explanations").putObject("heatmap")
                .put("ref", "representation:" + heatmap));
        String m01 = section(page("?method=heatmap"), "m01");
        assertTrue(m01.contains("<dt>model-randomisation sanity (1 − |ρ|)</dt><dd>not checked: Perturbation methods"),
                m01);
    }

    /** The study owner's API: a study freezes only its owner's representations. */
    io.restassured.specification.RequestSpecification api() {
        return given().header("X-API-Key", owner.token()).contentType("application/json");
    }

    @Test
    void methodFilterHidesOtherMethods() {
        String html = page("?method=verbalization");
        String m01 = section(html, "m01");
        assertTrue(m01.contains("data-method=\"verbalization\""));
        assertFalse(m01.contains("data-method=\"heatmap\""), m01);
        assertFalse(m01.contains("Agreement between methods"), "one method has nothing to agree with");
        assertTrue(html.contains("value=\"verbalization\" checked"));
        String two = section(page("?method=heatmap&method=placebo&method=nonsense"), "m01");
        assertTrue(two.contains("data-method=\"heatmap\"") && two.contains("data-method=\"placebo\""));
        assertFalse(two.contains("data-method=\"verbalization\""));
    }

    @Test
    void rightOrWrongFilter() {
        String wrong = page("?outcome=wrong");
        for (String id : new String[] {"m09", "m11", "m12"}) {
            assertTrue(wrong.contains("id=\"item-" + id + "\""), id);
        }
        assertFalse(wrong.contains("id=\"item-m01\""));
        assertTrue(wrong.contains("3 of 12 items match"));
        String right = page("?outcome=right");
        assertTrue(right.contains("id=\"item-m01\""));
        assertFalse(right.contains("id=\"item-m09\""));
        assertTrue(right.contains("value=\"right\" checked"));
        assertTrue(page("?outcome=bogus").contains("12 of 12 items match"));
    }

    @Test
    void escapesEverything() {
        String html = page("");
        assertFalse(html.contains(SCRIPT), "a raw script tag reached the page");
        assertTrue(section(html, "m12").contains("&lt;script&gt;"), "the hostile word is shown, escaped");
    }

    @Test
    void studyWithoutExplanationsSaysSo() {
        study = create(owner, s -> {
            s.putArray("conditions").addObject().put("id", "control").put("explanation", "none");
        });
        String html = page("");
        assertTrue(html.contains("id=\"no-explanations\""));
        assertTrue(html.contains("id=\"item-m01\""), "items and model output are still listed");
        assertFalse(html.contains("data-method="));
    }

    @Test
    void longStudiesArePagedKeepingTheFilter() {
        study = create(owner, s -> {
            for (int i = 0; i < 30; i++) {
                s.withArray("items").add(item(s, "m09").deepCopy().put("id", "w" + i));
            }
        });
        String first = page("?outcome=wrong&method=heatmap");
        assertTrue(first.contains("33 of 42 items match; page 1 of 2."), "33 wrong items, 25 a page");
        assertEquals(25, first.split("class=\"xc-card xc-item\"").length - 1);
        assertTrue(first.contains("href=\"/console/studies/" + study
                + "/explanations?method=heatmap&amp;outcome=wrong&amp;page=2\""), "the next page keeps the filter");
        String second = page("?method=heatmap&outcome=wrong&page=2");
        assertEquals(8, second.split("class=\"xc-card xc-item\"").length - 1);
        assertFalse(second.contains("data-method=\"verbalization\""));
        assertTrue(page("?page=99").contains("page 2 of 2"), "beyond the end: the last page");
    }

    @Test
    void collaboratorsReadItOthersGetNotFound() {
        String path = "/console/studies/" + study + "/explanations";
        Users.Account other = users.create("researcher");
        var r = ConsoleClient.signedIn(other.email(), Users.PASSWORD).get(path);
        assertEquals(404, r.statusCode());
        assertFalse(r.asString().contains("Browser study of"));
        Users.Account viewer = users.create("viewer");
        collaborators.add(study, owner.actor().owner(), viewer.email(), "viewer", owner.actor());
        assertEquals(200, ConsoleClient.signedIn(viewer.email(), Users.PASSWORD).get(path).statusCode());
        assertEquals(303, given().redirects().follow(false).get(path).statusCode(), "no session: to the login");
        assertTrue(console.get("/console/studies/" + study).asString()
                .contains("href=\"/console/studies/" + study + "/explanations\""), "linked from the study page");
    }
}
