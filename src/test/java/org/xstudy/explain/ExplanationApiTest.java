package org.xstudy.explain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.ClosedFormModels.BagOfWordsLogistic;
import org.xstudy.model.ModelRegistry;

@QuarkusTest
class ExplanationApiTest {

    static final String KEY = "dev-researcher-key";

    @Inject
    ModelRegistry registry;

    @Inject
    ExplanationService service;

    @BeforeEach
    void registerModels() {
        RestAssured.config = RestAssuredConfig.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
        registry.register(AttributionMethodsTest.LOGISTIC);
        registry.register(AttributionMethodsTest.EMBEDDING);
    }

    static ValidatableResponse post(Map<String, Object> body) {
        return given().header("X-API-Key", KEY).contentType(ContentType.JSON).body(body)
                .post("/api/explanations").then();
    }

    static Map<String, Object> request(String text, String model, String method, Map<String, Object> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        body.put("model", model);
        body.put("method", method);
        if (params != null) {
            body.put("params", params);
        }
        return body;
    }

    @Test
    void roundTripReturnsWordsOffsetsScoresPredictionMetricsAndProvenance() {
        Map<String, Object> body = request("the good movie has a dull plot", "bow", "occlusion", null);
        int id = post(body).statusCode(200)
                .body("cached", equalTo(false))
                .body("tokens", equalTo(List.of("the", "good", "movie", "has", "a", "dull", "plot")))
                .body("offsets[1]", equalTo(List.of(4, 8)))
                .body("scores[1]", closeTo(1.2, 1e-9))
                .body("scores[5]", closeTo(-0.7, 1e-9))
                .body("prediction", equalTo(1))
                .body("predictionLabel", equalTo("positive"))
                .body("target", equalTo(1))
                .body("probabilities.size()", equalTo(2))
                .body("metrics.faithfulness.comprehensiveness.20", notNullValue())
                .body("metrics.faithfulness.aopcSufficiency", notNullValue())
                .body("metrics.faithfulness.deletion.auc", notNullValue())
                .body("provenance.modelId", equalTo("bow"))
                .body("provenance.modelHash", matchesPattern("[0-9a-f]{64}"))
                .body("provenance.libraryVersion", containsString("xstudy-explain/"))
                .body("provenance.textHash", matchesPattern("[0-9a-f]{64}"))
                .body("provenance.runtimeMs", notNullValue())
                .extract().path("id");
        given().header("X-API-Key", KEY).get("/api/explanations/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("scores[1]", closeTo(1.2, 1e-9))
                .body("method", equalTo("occlusion"));
        given().header("X-API-Key", KEY).get("/api/explanations/999999999").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void sameRequestIsServedFromTheStoreAndRecomputeComputesAgain() {
        Map<String, Object> body = request("a great and wonderful film", "bow", "lime",
                Map.of("samples", 100, "seed", 3));
        long before = service.computations();
        int id = post(body).statusCode(200).body("cached", equalTo(false))
                .body("params.samples", equalTo(100)).body("params.kernelWidth", closeTo(0.25, 1e-12))
                .body("provenance.seed", equalTo(3))
                .body("metrics.stability.seeds", equalTo(List.of(3, 4, 5)))
                .extract().path("id");
        long rows = rows();
        post(body).statusCode(200).body("cached", equalTo(true)).body("id", equalTo(id))
                .body("provenance.computations", equalTo(1));
        assertEquals(before + 1, service.computations());
        assertEquals(rows, rows());
        body.put("recompute", true);
        post(body).statusCode(200).body("cached", equalTo(false)).body("id", equalTo(id))
                .body("provenance.computations", equalTo(2));
        assertEquals(before + 2, service.computations());
        assertEquals(rows, rows());
        post(request("a great and wonderful film", "bow", "lime", Map.of("samples", 100, "seed", 4)))
                .statusCode(200).body("cached", equalTo(false)).body("id", lessThan(Integer.MAX_VALUE));
        assertEquals(rows + 1, rows());
    }

    @Test
    void anyTargetAndGradientMethodsOnADifferentiableModel() {
        Map<String, Object> body = request("the wonderful acting saves a dull plot", "emb", "integrated_gradients",
                Map.of("steps", 50));
        body.put("target", 0);
        post(body).statusCode(200).body("target", equalTo(0)).body("targetLabel", equalTo("negative"))
                .body("metrics.diagnostics.convergenceDelta", lessThan(0.05));
    }

    @Test
    void badInputIsA4xxNamingTheFieldAndWritesNothing() {
        long rows = rows();
        String big = "word ".repeat(ExplanationService.MAX_TEXT_CHARS / 5 + 1);
        rejects(request("", "bow", "occlusion", null), 400, "/text");
        rejects(request("   ", "bow", "occlusion", null), 400, "/text");
        rejects(request(big, "bow", "occlusion", null), 400, "/text");
        rejects(request("fine", "nope", "occlusion", null), 400, "/model");
        rejects(request("fine", null, "occlusion", null), 400, "/model");
        rejects(request("fine", "bow", "telepathy", null), 400, "/method");
        rejects(request("fine", "emb", "integrated_gradients", Map.of("steps", 0)), 400, "/params/steps");
        rejects(request("fine", "emb", "integrated_gradients", Map.of("steps", -3)), 400, "/params/steps");
        rejects(request("fine", "emb", "integrated_gradients", Map.of("steps", "many")), 400, "/params/steps");
        rejects(request("fine", "emb", "integrated_gradients", Map.of("tolerance", 0)), 400, "/params/tolerance");
        rejects(request("fine", "emb", "integrated_gradients", Map.of("tolerance", 2)), 400, "/params/tolerance");
        rejects(request("fine", "emb", "integrated_gradients", Map.of("tolerance", "small")), 400,
                "/params/tolerance");
        rejects(request("fine", "emb", "integrated_gradients", Map.of("rule", "simpson")), 400, "/params/rule");
        rejects(request("fine", "bow", "lime", Map.of("samples", 5001)), 400, "/params/samples");
        rejects(request("fine", "bow", "kernel_shap", Map.of("samples", 100000)), 400, "/params/samples");
        rejects(request("fine", "emb", "smoothgrad", Map.of("samples", 201)), 400, "/params/samples");
        rejects(request("fine", "bow", "occlusion", Map.of("window", 3)), 400, "/params/window");
        rejects(request("fine", "bow", "placebo", Map.of("source", "astrology")), 400, "/params/source");
        Map<String, Object> target = request("fine", "bow", "occlusion", null);
        target.put("target", 2);
        rejects(target, 400, "/target");
        rejects(request("fine", "bow", "saliency", null), 422, "/method");
        rejects(request("fine", "bow", "placebo", Map.of("source", "integrated_gradients")), 422, "/method");
        given().header("X-API-Key", KEY).contentType(ContentType.JSON).body("{\"text\": \"x\", \"params\": 3}")
                .post("/api/explanations").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/params"));
        assertEquals(rows, rows());
    }

    @Test
    void methodsAreListedWithParametersAndAvailabilityPerModel() {
        given().header("X-API-Key", KEY).get("/api/explanation-methods").then().statusCode(200)
                .body("id", hasItems("saliency", "gradient_x_input", "integrated_gradients", "smoothgrad",
                        "occlusion", "lime", "kernel_shap", "anchors", "placebo"))
                .body("find { it.id == 'integrated_gradients' }.params.find { it.name == 'steps' }.defaultValue",
                        equalTo(50))
                .body("find { it.id == 'integrated_gradients' }.params.find { it.name == 'rule' }.defaultValue",
                        equalTo("trapezoid"))
                .body("find { it.id == 'anchors' }.params.find { it.name == 'threshold' }.defaultValue",
                        equalTo(0.95))
                .body("find { it.id == 'lime' }.params.find { it.name == 'samples' }.max", equalTo(5000.0))
                .body("find { it.id == 'saliency' }.needsGradients", equalTo(true));
        given().header("X-API-Key", KEY).queryParam("model", "bow").get("/api/explanation-methods").then()
                .statusCode(200)
                .body("find { it.id == 'saliency' }.available", equalTo(false))
                .body("find { it.id == 'occlusion' }.available", equalTo(true));
        given().header("X-API-Key", KEY).queryParam("model", "emb").get("/api/explanation-methods").then()
                .body("available", hasItem(true)).body("available", org.hamcrest.Matchers.not(hasItem(false)));
        given().get("/api/explanation-methods").then().statusCode(401);
    }

    @Test
    void agreementBetweenStoredExplanationsOfOneText() {
        String text = "good great bad dull movie plot";
        int occlusion = post(request(text, "bow", "occlusion", null)).statusCode(200).extract().path("id");
        int shap = post(request(text, "bow", "kernel_shap", Map.of("output", "logodds"))).statusCode(200)
                .extract().path("id");
        int other = post(request("good plot", "bow", "occlusion", null)).statusCode(200).extract().path("id");
        given().header("X-API-Key", KEY).contentType(ContentType.JSON).body(Map.of("ids", List.of(occlusion, shap)))
                .post("/api/explanations/agreement").then().statusCode(200)
                .body("pairs.size()", equalTo(1))
                .body("pairs[0].methodB", equalTo("kernel_shap"))
                .body("pairs[0].spearman", closeTo(1.0, 1e-9))
                .body("pairs[0].kendall", closeTo(1.0, 1e-9))
                .body("pairs[0].topKIntersection", closeTo(1.0, 1e-9));
        given().header("X-API-Key", KEY).contentType(ContentType.JSON).body(Map.of("ids", List.of(occlusion, other)))
                .post("/api/explanations/agreement").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/ids/1"));
        given().header("X-API-Key", KEY).contentType(ContentType.JSON).body(Map.of("ids", List.of(occlusion)))
                .post("/api/explanations/agreement").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/ids"));
    }

    private static void rejects(Map<String, Object> body, int status, String pointer) {
        post(body).statusCode(status).contentType("application/problem+json")
                .body("errors.pointer", hasItem(pointer));
    }

    /**
     * A model whose training diverged (one weight NaN, as the demo CNN's did on AMD Zen 5 in float32) gives a clear 422
     * naming the model, not an explanation of NaNs that a study could freeze and show participants; nothing is stored.
     */
    @Test
    void aModelThatReturnsNaNIsRefusedAndNothingIsStored() {
        Map<String, Double> weights = new java.util.HashMap<>(Map.of("good", 1.2, "dull", -0.7));
        weights.put("broken", Double.NaN);
        registry.register(new BagOfWordsLogistic("diverged", weights, 0.3));
        long before = rows();
        post(request("a good film with a broken plot", "diverged", "occlusion", null)).statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("diverged"))
                .body("detail", containsString("not numbers"));
        post(request("a good film", "diverged", "occlusion", null)).statusCode(200);
        assertEquals(before + 1, rows());
    }

    static long rows() {
        return QuarkusTransaction.requiringNew().call(() -> Explanation.count());
    }
}
