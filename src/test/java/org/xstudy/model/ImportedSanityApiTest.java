package org.xstudy.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xstudy.console.Users;
import org.xstudy.model.imports.ExportedModels;
import org.xstudy.model.imports.Fixtures;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Issue 19: the model-randomisation sanity check reaches researchers' uploaded models through the API, in
 * {@code metrics.sanity} of each explanation: the cascade of an exported TorchScript CNN for gradient methods, the
 * head of an ONNX model for perturbation methods, and a reason wherever a method is not checked.
 */
@QuarkusTest
class ImportedSanityApiTest {

    @Inject
    Users users;

    @Test
    void anUploadedTorchScriptModelIsCheckedLayerByLayerAndStaysAsItWas() throws Exception {
        String key = users.create("researcher").token();
        Path source = ExportedModels.folder("wordpiece");
        String id = ExportedModelsApiTest.upload(key, "sanity cnn", source.resolve("kim-cnn.pt")).statusCode(201)
                .extract().jsonPath().getString("id");
        String text = ExportedModels.heldOut().get(0);
        JsonPath g = ExportedModelsApiTest.explain(key, text, id, "gradient_x_input", Map.of(), 1);
        assertTrue(g.getBoolean("metrics.sanity.checked"));
        assertEquals(List.of("out", "convs.1", "convs.0", "embedding"), g.getList("metrics.sanity.steps.layer"));
        assertEquals(List.of("out.weight", "out.bias"), g.getList("metrics.sanity.steps[0].tensors"));
        assertEquals(4, g.getInt("metrics.sanity.layers"));
        double score = g.getDouble("metrics.sanity.score");
        assertTrue(score >= 0 && score <= 1, "score " + score);
        assertTrue(g.getDouble("metrics.sanity.runtimeMs") > 0);
        System.out.printf("kim-cnn gradient_x_input: explanation %.1f ms, sanity check %.1f ms, metrics %.1f ms: %s%n",
                g.getDouble("provenance.runtimeMs"), g.getDouble("metrics.sanity.runtimeMs"),
                g.getDouble("metrics.metricsRuntimeMs"), g.getMap("metrics.sanity"));
        List<Double> spearmanAbs = g.getList("metrics.sanity.steps.spearmanAbs", Double.class);
        assertEquals(4, spearmanAbs.size());

        JsonPath o = ExportedModelsApiTest.explain(key, text, id, "occlusion", Map.of(), 1);
        assertFalse(o.getBoolean("metrics.sanity.checked"));
        assertTrue(o.getString("metrics.sanity.reason").startsWith("Perturbation methods are checked on models "
                + "without gradients only"), o.getString("metrics.sanity.reason"));
        assertEquals(g.getList("probabilities", Double.class), o.getList("probabilities", Double.class),
                "the served model gives the same probabilities after its check");

        JsonPath p = ExportedModelsApiTest.explain(key, text, id, "placebo", Map.of("source", "saliency"), 1);
        assertTrue(p.getString("metrics.sanity.reason").contains("source method's check"));

        given().header("X-API-Key", key).contentType(ContentType.JSON)
                .body(Map.of("text", text, "model", id, "method", "saliency", "target", 2))
                .post("/api/explanations").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/target"));
    }

    @Test
    void anUploadedOnnxModelHasItsHeadRandomisedForPerturbationMethods(@TempDir Path dir) throws Exception {
        String key = users.create("researcher").token();
        Path model = dir.resolve("head.onnx");
        Files.write(model, Fixtures.onnx(11).modelWithHead(new float[] {1.5f, -0.5f, 0.25f, 2f}));
        try (InputStream in = PieceTokenizer.class.getClassLoader()
                .getResourceAsStream(PieceTokenizer.BGE_TOKENIZER_RESOURCE)) {
            Files.copy(in, dir.resolve("tokenizer.json"));
        }
        String id = ExportedModelsApiTest.upload(key, "sanity onnx", model).statusCode(201)
                .body("capabilities.gradientMethods", equalTo(false)).extract().jsonPath().getString("id");
        String text = "a gorgeously elaborate continuation of the story , but too tepid .";
        for (String method : List.of("occlusion", "kernel_shap")) {
            JsonPath r = ExportedModelsApiTest.explain(key, text, id, method,
                    method.equals("kernel_shap") ? Map.of("samples", 60) : Map.of(), 1);
            assertTrue(r.getBoolean("metrics.sanity.checked"), method + ": " + r.getString("metrics.sanity.reason"));
            assertEquals(List.of("head"), r.getList("metrics.sanity.steps.layer"));
            assertEquals(List.of("W", "b"), r.getList("metrics.sanity.steps[0].tensors"));
            System.out.printf("onnx %s: explanation %.1f ms, sanity check %.1f ms: %s%n", method,
                    r.getDouble("provenance.runtimeMs"), r.getDouble("metrics.sanity.runtimeMs"),
                    r.getMap("metrics.sanity"));
            double rho = r.getDouble("metrics.sanity.steps[0].spearman");
            assertEquals(1 - Math.abs(rho), r.getDouble("metrics.sanity.score"), 1e-9);
        }
    }
}
