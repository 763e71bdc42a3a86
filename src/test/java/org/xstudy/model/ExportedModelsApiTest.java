package org.xstudy.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xstudy.console.Users;
import org.xstudy.model.imports.ExportedModels;
import org.xstudy.model.imports.Fixtures;
import org.xstudy.model.tokens.Words;

/**
 * Models exported by PyTorch itself ({@code src/test/python/export_models.py}: nn.Embedding, nn.Conv1d,
 * nn.Linear, nn.TransformerEncoder with stored parameters; WordPiece, word-level and byte-level BPE tokenizers) upload
 * through {@code POST /api/models} (multipart) with gradient methods and the hash of the file, and every method of
 * the catalogue explains held-out sentences with finite, non-trivial scores;
 * Integrated Gradients is complete. On a build that loads TorchScript in inference mode every gradient request
 * here was a 500 ("Inference tensors cannot be saved for backward").
 */
@QuarkusTest
class ExportedModelsApiTest {

    /** Small budgets for the sampled methods, so that every method runs on every model in reasonable time. */
    private static final Map<String, Map<String, Object>> PARAMS = Map.of("lime", Map.of("samples", 60),
            "kernel_shap", Map.of("samples", 60, "exactMaxWords", 6), "smoothgrad", Map.of("samples", 5),
            "anchors", Map.of("maxSamples", 300));

    @Inject
    Users users;

    @ParameterizedTest
    @CsvSource({"wordpiece, kim-cnn.pt", "wordpiece, transformer.pt", "wordpiece, bag.pt", "word-level, kim-cnn.pt",
            "word-level, bag.pt", "bpe, kim-cnn.pt", "bpe, bag.pt"})
    void everyMethodExplainsHeldOutSentences(String tokenizer, String file) throws Exception {
        String key = users.create("researcher").token();
        Path source = ExportedModels.folder(tokenizer);
        String id = upload(key, tokenizer + " " + file, source.resolve(file)).statusCode(201)
                .body("capabilities.gradientMethods", equalTo(true))
                .body("hash", equalTo(ModelHome.sha256(source.resolve(file)))).extract().jsonPath().getString("id");
        List<String> methods = given().header("X-API-Key", key).get("/api/explanation-methods").then()
                .statusCode(200).extract().jsonPath().getList("id", String.class);
        assertTrue(methods.containsAll(List.of("saliency", "gradient_x_input", "integrated_gradients", "smoothgrad",
                "occlusion", "lime", "kernel_shap", "placebo")), methods.toString());
        for (String text : ExportedModels.heldOut().subList(0, 3)) {
            int words = Words.split(text).size();
            for (String method : methods) {
                JsonPath r = explain(key, text, id, method, PARAMS.getOrDefault(method, Map.of()), 1);
                List<Float> scores = r.getList("scores", Float.class);
                assertEquals(words, scores.size(), method + " scores every word of \"" + text + "\"");
                assertTrue(scores.stream().allMatch(s -> Float.isFinite(s)), method + ": " + scores);
                if (method.equals("anchors")) {
                    // an anchor marks its words with 1; how many depends on the model (none when no word matters)
                    double precision = r.getDouble("metrics.diagnostics.precision");
                    assertTrue(precision >= 0 && precision <= 1, "anchor precision " + precision);
                    assertTrue(r.getString("rule").contains("the model predicts"), r.getString("rule"));
                    continue;
                }
                assertTrue(scores.stream().filter(s -> s != 0).count() >= Math.min(2, words),
                        method + " gives non-trivial scores: " + scores);
            }
            checkIntegratedGradientsCompleteness(key, text, id);
        }
    }

    /**
     * Σ attributions ≈ F(x) − F(baseline) (the logit of the target) to 2 % + 0.0025 (the CNNs' ReLU and max-pool
     * kinks cost up to 0.0012 at 300 steps; the smooth models are exact to 10⁻⁴), and F(x) itself agrees with the
     * model's probabilities: F₁(x) − F₀(x) = log(p₁ / p₀).
     */
    private static void checkIntegratedGradientsCompleteness(String key, String text, String id) {
        double[] atInput = new double[2];
        double[] probabilities = null;
        for (int target = 0; target < 2; target++) {
            JsonPath r = explain(key, text, id, "integrated_gradients", Map.of("steps", 300), target);
            double sum = r.getList("scores", Double.class).stream().mapToDouble(Double::doubleValue).sum();
            double fx = r.getDouble("metrics.diagnostics.outputAtInput");
            double fb = r.getDouble("metrics.diagnostics.outputAtBaseline");
            System.out.printf("%s class %d: F(x) - F(x') = %.4f, sum of word scores %.4f%n", id, target, fx - fb,
                    sum);
            assertEquals(fx - fb, sum, 0.02 * Math.abs(fx - fb) + 2.5e-3,
                    "completeness of " + id + " on \"" + text + "\" for class " + target);
            atInput[target] = fx;
            probabilities = r.getList("probabilities", Double.class).stream().mapToDouble(Double::doubleValue)
                    .toArray();
        }
        assertEquals(Math.log(probabilities[1] / probabilities[0]), atInput[1] - atInput[0], 1e-4,
                "F(x) is the model's logit");
    }

    @Test
    void aModelWhoseBackwardPassFailsIsRefusedAtUploadNotLater() throws Exception {
        String key = users.create("researcher").token();
        upload(key, "no grad", ExportedModels.folder("wordpiece").resolve("no-grad-bag.pt"), "exported-no-grad")
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/model"))
                .body("errors[0].message", containsString("backward pass"));
        given().header("X-API-Key", key).get("/api/models/exported-no-grad").then().statusCode(404);
    }

    /** The admins' path import refuses it likewise, naming the path. */
    @Test
    void aModelWhoseBackwardPassFailsIsRefusedAtImportNotLater() throws Exception {
        String key = users.create("admin").token();
        importModel(key, "exported-no-grad-path", "wordpiece", "no-grad-bag.pt").statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/modelPath"))
                .body("errors[0].message", containsString("backward pass"));
    }

    static io.restassured.response.ValidatableResponse upload(String key, String name, Path model,
            String... id) {
        var r = given().header("X-API-Key", key).multiPart("model", model.toFile())
                .multiPart("tokenizer", model.resolveSibling("tokenizer.json").toFile())
                .multiPart("labels", "negative\npositive").multiPart("name", name)
                .multiPart("source", "src/test/python/export_models.py");
        if (id.length > 0) {
            r.multiPart("id", id[0]);
        }
        return r.post("/api/models").then();
    }

    private static io.restassured.response.ValidatableResponse importModel(String key, String id, String tokenizer,
            String file) throws Exception {
        Path dir = Fixtures.importFolder(id);
        Path source = ExportedModels.folder(tokenizer);
        Files.copy(source.resolve(file), dir.resolve(file));
        Files.copy(source.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("modelPath", dir.resolve(file).toString());
        body.put("tokenizerPath", dir.resolve("tokenizer.json").toString());
        body.put("labels", List.of("negative", "positive"));
        return given().header("X-API-Key", key).contentType(ContentType.JSON).body(body).post("/api/models").then();
    }

    static JsonPath explain(String key, String text, String model, String method, Map<String, Object> params,
            int target) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", text);
        body.put("model", model);
        body.put("method", method);
        body.put("params", params);
        body.put("target", target);
        return given().header("X-API-Key", key).contentType(ContentType.JSON).body(body).post("/api/explanations")
                .then().statusCode(200).extract().jsonPath();
    }
}
