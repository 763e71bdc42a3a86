package org.xstudy.represent.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.model.ModelRegistry;
import org.xstudy.represent.BagOfWordsClassifier;

@QuarkusTest
class RepresentationApiTest {

    static final String KEY = "dev-researcher-key";
    static final String TEXT = "a good and witty film but a boring end";

    @Inject
    ModelRegistry registry;

    @BeforeEach
    void registerModel() {
        registry.register(new BagOfWordsClassifier(Map.of("good", 2.0, "witty", 1.0, "boring", -1.5), 0.1));
    }

    static RequestSpecification api() {
        return given().header("X-API-Key", KEY).contentType("application/json");
    }

    static List<Map<String, Object>> scores() {
        return List.of(score("a", 0, 0.0), score("good", 2, 0.9), score("and", 7, 0.05), score("witty", 11, 0.4),
                score("film", 17, 0.0), score("but", 22, -0.1), score("a", 26, 0.0), score("boring", 28, -0.7),
                score("end", 35, 0.0));
    }

    static Map<String, Object> score(String token, int start, double value) {
        assertEquals(token, TEXT.substring(start, start + token.length()));
        return Map.of("token", token, "start", start, "end", start + token.length(), "score", value);
    }

    /** A bag-of-words classifier that also embeds texts as word-count vectors over a tiny vocabulary. */
    static final class EmbeddingBag implements org.xstudy.model.TextClassifier, org.xstudy.model.Embedder {
        final BagOfWordsClassifier inner = new BagOfWordsClassifier(Map.of("good", 2.0, "boring", -1.5), 0.0);
        static final List<String> VOCAB = List.of("good", "witty", "boring", "film", "plot");

        public String id() {
            return "bow-embed";
        }

        public List<String> labels() {
            return inner.labels();
        }

        public List<org.xstudy.model.Word> words(String text) {
            return inner.words(text);
        }

        public double[][] predictProba(List<String> texts) {
            return inner.predictProba(texts);
        }

        public double[][] embed(List<String> texts) {
            double[][] out = new double[texts.size()][VOCAB.size()];
            for (int i = 0; i < texts.size(); i++) {
                for (String w : texts.get(i).toLowerCase().split("\\W+")) {
                    int k = VOCAB.indexOf(w);
                    if (k >= 0) {
                        out[i][k]++;
                    }
                }
            }
            return out;
        }
    }

    @Test
    void nearestExamplesUseTheModelsOwnEmbeddings() {
        registry.register(new EmbeddingBag());
        List<Map<String, Object>> pool = List.of(Map.of("text", "a boring plot", "gold", "neg"),
                Map.of("text", "a good witty film", "gold", "pos"), Map.of("text", "the plot", "gold", "neg"));
        api().body(Map.of("text", "good and witty", "model", "bow-embed", "pool", pool, "count", 2))
                .post("/api/representations/examples/preview").then().statusCode(200)
                .body("result.examples[0].text", equalTo("a good witty film"))
                .body("payload.kind", equalTo("examples"));
    }

    @Test
    void requiresTheResearcherKey() {
        given().contentType("application/json").body(Map.of("text", TEXT)).post("/api/representations/heatmap/preview")
                .then().statusCode(401);
    }

    @Test
    void heatmapPreviewAndExports() {
        String hostile = "<script>x</script> \"q\"";
        Map<String, Object> body = Map.of("text", hostile, "label", "pos", "scores", List.of(
                Map.of("token", "<script>x</script>", "start", 0, "end", 18, "score", 1.0),
                Map.of("token", "\"q\"", "start", 19, "end", 22, "score", -0.5)));
        api().body(body).post("/api/representations/heatmap/preview").then().statusCode(200)
                .body("html", startsWith("<figure class=\"xh-heatmap\""))
                .body("html", not(containsString("<script>")))
                .body("payload.kind", equalTo("token-scores"));
        String svg = api().body(body).post("/api/representations/heatmap.svg").then().statusCode(200)
                .contentType("image/svg+xml").extract().asString();
        assertTrue(svg.contains("&lt;script&gt;x&lt;/script&gt;") && !svg.contains("<script>"), svg);
        byte[] png = api().body(body).post("/api/representations/heatmap.png").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        api().body(Map.of("text", TEXT, "normalization", "global", "scores", scores()))
                .post("/api/representations/heatmap/preview").then().statusCode(400)
                .body("errors.pointer", hasItems("/globalMaxAbs"));
    }

    @Test
    void rationaleAndTemplateWithScores() {
        api().body(Map.of("text", TEXT, "label", "pos", "model", "bow-test", "scores", scores(), "parameter", 2))
                .post("/api/representations/rationale/preview").then().statusCode(200)
                .body("result.words", equalTo(List.of("good", "witty")))
                .body("result.faithfulness.comprehensiveness", notNullValue())
                .body("html", containsString("<mark class=\"xh-r\">"));
        api().body(Map.of("text", TEXT, "label", "pos", "scores", scores(), "budgetWords", 40))
                .post("/api/representations/template/preview").then().statusCode(200)
                // function words ("a", "and", "but") are never cited, so their share of |score| is not covered
                .body("result.verbalization.coverage", org.hamcrest.Matchers.lessThan(1.0f))
                .body("html", org.hamcrest.Matchers.not(containsString("&quot;and&quot;")))
                .body("payload.kind", equalTo("text"));
    }

    @Test
    void importRoundTripsAndRendersLikeGenerated() {
        Map<String, Object> file = Map.of("source", "captum 0.7", "explanations", List.of(
                Map.of("id", "ext-1", "text", TEXT, "label", "pos", "method", "integrated-gradients",
                        "tokens", scores()),
                Map.of("id", "ext-2", "text", "a witty film", "tokens",
                        List.of("[CLS]", "a", "wit", "##ty", "film", "[SEP]"),
                        "attributions", List.of(0.0, 0.1, 0.3, 0.2, 0.05, 0.0)),
                Map.of("id", "ext-3", "text", "a witty film", "verbalization", "\"witty\" made it positive.")));
        JsonPath stored = api().body(file).post("/api/representations/imports").then().statusCode(201)
                .extract().jsonPath();
        long first = stored.getLong("imported[0].id");
        long second = stored.getLong("imported[1].id");
        long third = stored.getLong("imported[2].id");
        assertEquals("ext-2", stored.getString("imported[1].externalId"));

        JsonPath one = api().get("/api/representations/" + first).then().statusCode(200)
                .body("provenance", equalTo("imported"))
                .body("payload.provenance.source", equalTo("captum 0.7"))
                .body("payload.method", equalTo("integrated-gradients")).extract().jsonPath();
        List<Map<String, Object>> tokens = one.getList("payload.tokens");
        assertEquals(scores().size(), tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            assertEquals(scores().get(i).get("token"), tokens.get(i).get("token"));
            assertEquals(scores().get(i).get("start"), tokens.get(i).get("start"));
            assertEquals(((Number) scores().get(i).get("score")).doubleValue(),
                    ((Number) tokens.get(i).get("score")).doubleValue(), 1e-6);
        }
        api().get("/api/representations/" + second).then().statusCode(200)
                .body("payload.tokens.token", equalTo(List.of("a", "witty", "film")))
                .body("payload.tokens.start", equalTo(List.of(0, 2, 8)))
                .body("payload.tokens[1].score", equalTo(0.5f));
        api().get("/api/representations/" + third).then().statusCode(200)
                .body("payload.kind", equalTo("text")).body("payload.text", equalTo("\"witty\" made it positive."));

        api().body(Map.of("source", first, "model", "bow-test", "parameter", 1))
                .post("/api/representations/rationale/preview").then().statusCode(200)
                .body("result.words", equalTo(List.of("good")))
                .body("result.faithfulness.sufficiency", notNullValue());
    }

    @Test
    void rendersAnExplanationStoredByTheEngine() {
        long id = api().body(Map.of("text", TEXT, "model", "bow-test", "method", "occlusion"))
                .post("/api/explanations").then().statusCode(200).extract().jsonPath().getLong("id");
        api().body(Map.of("explanation", id, "parameter", 2)).post("/api/representations/rationale/preview").then()
                .statusCode(200)
                .body("result.words", equalTo(List.of("good", "witty")))
                .body("result.faithfulness.comprehensiveness", notNullValue());
        api().body(Map.of("explanation", id, "withConfidence", true, "budgetWords", 40))
                .post("/api/representations/template/preview").then().statusCode(200)
                .body("html", containsString("The model predicts &quot;pos&quot; with"));
        api().body(Map.of("explanation", 999999)).post("/api/representations/heatmap/preview").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/explanation"));
    }

    /** Issue 19, defect 3: a verbalization of the class the model does not predict states the real prediction. */
    @Test
    void aVerbalizationOfTheOtherClassStatesTheRealPrediction() {
        var e = api().body(Map.of("text", TEXT, "model", "bow-test", "method", "occlusion", "target", 0))
                .post("/api/explanations").then().statusCode(200).extract().jsonPath();
        String predicted = e.getString("predictionLabel");
        String explained = e.getString("targetLabel");
        org.junit.jupiter.api.Assertions.assertNotEquals(predicted, explained);
        api().body(Map.of("explanation", e.getLong("id"), "withConfidence", true, "budgetWords", 40))
                .post("/api/representations/template/preview").then().statusCode(200)
                .body("html", containsString("The model predicts &quot;" + predicted + "&quot; with"))
                .body("html", containsString("this explanation is about &quot;" + explained + "&quot;"))
                .body("html", org.hamcrest.Matchers.not(containsString("predicts &quot;" + explained)));
    }

    @Test
    void invalidImportNamesTheBadEntriesAndStoresNothing() {
        long before = Representation.count();
        Map<String, Object> file = Map.of("explanations", List.of(
                Map.of("text", TEXT, "tokens", scores()),
                Map.of("text", "a witty film", "tokens",
                        List.of(Map.of("token", "witty", "start", 2, "end", 99, "score", 1))),
                Map.of("text", "a witty film", "tokens", List.of("a", "funny"), "attributions", List.of(0.1, 0.2)),
                Map.of("text", "a witty film", "tokens", List.of("a"), "attributions", List.of(0.1, 0.2)),
                Map.of("tokens", List.of())));
        api().body(file).post("/api/representations/imports").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", equalTo(List.of("/explanations/1/tokens/0/start",
                        "/explanations/2/tokens/1", "/explanations/3/attributions", "/explanations/4/text",
                        "/explanations/4/tokens")));
        assertEquals(before, Representation.count());
    }

    static String jsonl(Object... records) throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        StringBuilder b = new StringBuilder();
        for (Object r : records) {
            b.append(r instanceof String line ? line : mapper.writeValueAsString(r)).append('\n');
        }
        return b.toString();
    }

    static RequestSpecification jsonlApi(String type, String body) {
        return given().header("X-API-Key", KEY).contentType(type)
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A record as Thermostat's explain script writes it (ALBERT, SentencePiece tokens, decoded), without text. */
    static Map<String, Object> thermostatRecord() {
        return Map.ofEntries(
                Map.entry("dataset", Map.of("name", "imdb", "split", "test", "label_names", List.of("neg", "pos"),
                        "text_field", "text")),
                Map.entry("model", Map.of("name", "textattack/albert-base-v2-imdb", "mode_load", "hf")),
                Map.entry("explainer", Map.of("name", "LayerIntegratedGradients", "n_samples", 25,
                        "internal_batch_size", 1)),
                Map.entry("batch", 0), Map.entry("instance", 0), Map.entry("index_running", 0),
                Map.entry("input_ids", List.of(2, 21, 10892, 3153, 171, 15, 47, 21, 6109, 241, 3, 0, 0)),
                Map.entry("tokens", List.of("[CLS]", "\u2581a", "\u2581wit", "ty", "\u2581film", ",", "\u2581but",
                        "\u2581a", "\u2581boring", "\u2581end", "[SEP]", "<pad>", "<pad>")),
                Map.entry("attributions", List.of(0.0, 0.01, 0.3, 0.2, 0.05, 0.01, -0.1, 0.0, -0.4, 0.02, 0.0, 0.0,
                        0.0)),
                Map.entry("label", 0),
                Map.entry("predictions", List.of(-1.2, 2.3)));
    }

    /** Issue 19, defect 9: JSONL bodies, one record per line; SentencePiece pieces merge into words. */
    @Test
    void importsJsonlOneRecordPerLine() throws Exception {
        String body = jsonl(Map.of("id", "l1", "text", TEXT, "label", "pos", "tokens", scores()),
                Map.of("id", "l2", "text", "A witty film", "tokens", List.of("\u2581A", "\u2581wit", "ty", "\u2581film"),
                        "attributions", List.of(0.0, 0.3, 0.2, 0.05)));
        for (String type : List.of("application/x-ndjson", "application/jsonl")) {
            JsonPath stored = jsonlApi(type, body).post("/api/representations/imports?source=my-tool").then()
                    .statusCode(201).body("imported.externalId", equalTo(List.of("l1", "l2"))).extract().jsonPath();
            api().get("/api/representations/" + stored.getLong("imported[1].id")).then().statusCode(200)
                    .body("payload.provenance.source", equalTo("my-tool"))
                    .body("payload.tokens.token", equalTo(List.of("A", "witty", "film")))
                    .body("payload.tokens.start", equalTo(List.of(0, 2, 8)))
                    .body("payload.tokens[1].score", equalTo(0.5f));
        }
    }

    /** Issue 19, defect 9: a Thermostat record keeps its model, explainer, label and prediction; words merge. */
    @Test
    void importsAThermostatRecordWithItsPredictionAndExplainer() throws Exception {
        long id = jsonlApi("application/x-ndjson", jsonl(thermostatRecord()))
                .post("/api/representations/imports").then().statusCode(201).extract().jsonPath()
                .getLong("imported[0].id");
        JsonPath stored = api().get("/api/representations/" + id).then().statusCode(200)
                .body("payload.method", equalTo("LayerIntegratedGradients"))
                .body("payload.provenance.model", equalTo("textattack/albert-base-v2-imdb"))
                .body("payload.provenance.thermostat.dataset", equalTo("imdb"))
                .body("payload.provenance.thermostat.goldLabel", equalTo("neg"))
                .body("payload.provenance.thermostat.prediction", equalTo("pos"))
                .body("payload.tokens.token", equalTo(List.of("a", "witty", "film,", "but", "a", "boring", "end")))
                .extract().jsonPath();
        assertEquals(1 / (1 + Math.exp(-3.5)), stored.getDouble("payload.provenance.thermostat.probability"), 1e-6);
        assertEquals(0.5, stored.getDouble("payload.tokens[1].score"), 1e-6);
        assertEquals(0.06, stored.getDouble("payload.tokens[2].score"), 1e-6);
        assertEquals(Representation.<Representation>findById(id).text, "a witty film, but a boring end");

        api().body(Map.of("source", id, "withConfidence", true, "budgetWords", 40))
                .post("/api/representations/template/preview").then().statusCode(200)
                .body("html", containsString("&quot;pos&quot;"))
                .body("html", containsString("97%"))
                .body("html", not(containsString("the predicted class")));
    }

    /** Issue 19, defect 9: a bad line is named by its index, and nothing of the body is stored. */
    @Test
    void aBadJsonlLineIsNamedAndNothingIsStored() throws Exception {
        long before = Representation.count();
        Map<String, Object> noText = Map.of("tokens", List.of("a"), "attributions", List.of(0.1));
        Map<String, Object> noLogits = new java.util.HashMap<>(thermostatRecord());
        noLogits.remove("predictions");
        Map<String, Object> shortIds = new java.util.HashMap<>(thermostatRecord());
        shortIds.put("input_ids", List.of(2, 21, 3));
        jsonlApi("application/x-ndjson", jsonl(thermostatRecord(), "{not json", noLogits, noText, shortIds))
                .post("/api/representations/imports").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", equalTo(List.of("/1", "/2/predictions", "/3/text", "/4/attributions")));
        assertEquals(before, Representation.count());
    }

    @Test
    void sideBySideShowsEveryRepresentationWithScores() {
        api().body(Map.of("text", TEXT, "label", "pos", "model", "bow-test", "scores", scores()))
                .post("/api/representations/side-by-side").then().statusCode(200)
                .body("heatmap.html", startsWith("<figure"))
                .body("rationale.result.faithfulness.comprehensiveness", notNullValue())
                .body("template.result.verbalization.coverage", notNullValue())
                .body("llm.problem.status", equalTo(503))
                .body("counterfactuals.result.counterfactuals[0].valid", equalTo(true))
                .body("counterfactuals.result.counterfactuals[0].margin", greaterThanOrEqualTo(0.2f))
                .body("counterfactuals.html", containsString("class=\"xh-cf-margin\""));
    }

    @Test
    void aStudySpecFreezesTheReferencedRepresentation() {
        JsonPath created = api().body(Map.of("text", TEXT, "label", "pos", "scores", scores(), "budgetWords", 40))
                .post("/api/representations/template").then().statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        String original = created.getString("payload.text");
        Map<String, Object> spec = Map.of("specVersion", 1, "slug", "freeze-" + System.nanoTime() % 100000,
                "title", "Freeze", "labels", List.of("neg", "pos"),
                "items", List.of(Map.of("id", "i1", "text", TEXT,
                        "prediction", Map.of("label", "pos", "probabilities", Map.of("neg", 0.2, "pos", 0.8)),
                        "explanations", Map.of("template", Map.of("ref", "representation:" + id)))),
                "conditions", List.of(Map.of("id", "c1", "explanation", "template")),
                "design", Map.of("type", "between"),
                "phases", List.of(Map.of("type", "learning", "items", List.of("i1"))));
        long study = api().body(spec).post("/api/studies").then().statusCode(201).extract().jsonPath().getLong("id");

        String regenerated = api().body(Map.of("budgetWords", 10)).put("/api/representations/" + id).then()
                .statusCode(200).body("version", equalTo(2)).extract().jsonPath().getString("payload.text");
        assertNotEquals(original, regenerated);

        api().get("/api/studies/" + study + "/spec").then().statusCode(200)
                .body("items[0].explanations.template.text", equalTo(original))
                .body("items[0].explanations.template.provenance.version", equalTo(1));
        long item = org.xstudy.study.StudyItem.<org.xstudy.study.StudyItem>find("studyId", study).firstResult().id;
        api().get("/api/representations/side-by-side/items/" + item).then().statusCode(200)
                .body("template.html", equalTo(Representations.verbalHtml(original)));
    }
}
