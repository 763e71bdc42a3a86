package org.xstudy.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.model.bge.SoftmaxRegression;
import org.xstudy.console.Users;
import org.xstudy.model.imports.Fixtures;
import org.xstudy.model.imports.ImportedModel;
import org.xstudy.model.imports.ModelImportService;
import org.xstudy.model.tokens.PieceTokenizer;

@QuarkusTest
class ModelResourceTest {

    private static final String KEY = "dev-researcher-key";
    private static String adminKey;
    private static Path dir;
    private static Path onnx;
    private static Path torchscript;
    private static Path plainTorchscript;
    private static Path tokenizer;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelImportService imports;

    @Inject
    ModelHome home;

    @Inject
    Users users;

    @BeforeEach
    void admin() {
        if (adminKey == null) {
            adminKey = users.create("admin").token();
        }
    }

    @BeforeAll
    static void files() throws Exception {
        dir = Fixtures.importFolder("models-api");
        onnx = dir.resolve("bag.onnx");
        Files.write(onnx, Fixtures.onnx(3).model());
        torchscript = dir.resolve("bag.pt");
        Fixtures.torchscript(torchscript, true);
        plainTorchscript = dir.resolve("plain.pt");
        Fixtures.torchscript(plainTorchscript, false);
        tokenizer = dir.resolve("tokenizer.json");
        try (InputStream in = PieceTokenizer.class.getClassLoader()
                .getResourceAsStream(PieceTokenizer.BGE_TOKENIZER_RESOURCE)) {
            Files.copy(in, tokenizer);
        }
    }

    private static Map<String, Object> body(String id, Path model) {
        Map<String, Object> b = new HashMap<>();
        b.put("id", id);
        b.put("modelPath", model.toString());
        b.put("tokenizerPath", tokenizer.toString());
        b.put("labels", List.of("negative", "positive"));
        return b;
    }

    private static io.restassured.response.ValidatableResponse post(Object body) {
        return given().header("X-API-Key", adminKey).contentType(ContentType.JSON).body(body)
                .post("/api/models").then();
    }

    @Test
    void onnxImportRoundTripsAndIsListed() throws Exception {
        post(body("bag-onnx", onnx)).statusCode(201)
                .header("Location", containsString("/api/models/bag-onnx"))
                .body("id", equalTo("bag-onnx"))
                .body("kind", equalTo("onnx"))
                .body("labels", equalTo(List.of("negative", "positive")))
                .body("hash", equalTo(ModelHome.sha256(onnx)))
                .body("capabilities.gradientMethods", equalTo(false))
                .body("capabilities.reason", containsString("ONNX"));
        given().header("X-API-Key", adminKey).get("/api/models").then().statusCode(200)
                .body("id", hasItem("bag-onnx"));
        given().header("X-API-Key", adminKey).get("/api/models/bag-onnx").then().statusCode(200)
                .body("kind", equalTo("onnx"));

        TextClassifier model = registry.find("bag-onnx").orElseThrow();
        String text = "a wonderful , moving film";
        try (PieceTokenizer t = PieceTokenizer.bge()) {
            double[] expected = SoftmaxRegression.softmax(Fixtures.onnx(3).logits(t.tokenize(text).ids()));
            assertArrayEquals(expected, model.predictProba(List.of(text))[0], 1e-5);
        }
        List<String> texts = List.of("short", text, "a much longer text with many more pieces than the others .");
        double[][] batch = model.predictProba(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(model.predictProba(List.of(texts.get(i)))[0], batch[i], 1e-6);
        }
    }

    @Test
    void torchScriptWithTheConventionGetsGradientMethods() {
        post(body("bag-ts", torchscript)).statusCode(201)
                .body("kind", equalTo("torchscript"))
                .body("capabilities.gradientMethods", equalTo(true));
        assertTrue(registry.find("bag-ts").orElseThrow() instanceof DifferentiableClassifier);

        post(body("plain-ts", plainTorchscript)).statusCode(201)
                .body("capabilities.gradientMethods", equalTo(false))
                .body("capabilities.reason", containsString("embed(input_ids)"));
        assertFalse(registry.find("plain-ts").orElseThrow() instanceof DifferentiableClassifier);
    }

    @Test
    void registrationsSurviveARestart() {
        post(body("bag-restart", onnx)).statusCode(201);
        double[] before = registry.find("bag-restart").orElseThrow().predictProba(List.of("fine"))[0];
        registry.remove("bag-restart");
        assertTrue(registry.find("bag-restart").isEmpty());
        imports.restore();
        assertArrayEquals(before, registry.find("bag-restart").orElseThrow().predictProba(List.of("fine"))[0], 0);
        assertEquals(ModelHome.sha256(onnx), registry.info("bag-restart").orElseThrow().hash());
    }

    @Test
    void badInputIs4xxNamingTheFieldAndWritesNothing() throws Exception {
        long rows = count();
        Map<String, Object> b = body("Bad Id!", onnx);
        post(b).statusCode(400).contentType("application/problem+json").body("errors.pointer", hasItem("/id"));

        b = body("missing-file", dir.resolve("nope.onnx"));
        post(b).statusCode(400).body("errors.pointer", hasItem("/modelPath"));

        b = body("relative", onnx);
        b.put("tokenizerPath", "tokenizer.json");
        post(b).statusCode(400).body("errors.pointer", hasItem("/tokenizerPath"));
        b.put("tokenizerPath", dir.getFileName() + "/tokenizer.json");
        b.put("modelPath", dir.getFileName() + "/bag.onnx");
        post(b).statusCode(201).body("hash", equalTo(ModelHome.sha256(onnx)));

        b = body("one-label", onnx);
        b.put("labels", List.of("only"));
        post(b).statusCode(400).body("errors.pointer", hasItem("/labels"));

        b = body("dup-labels", onnx);
        b.put("labels", List.of("a", "a"));
        post(b).statusCode(400).body("errors.pointer", hasItem("/labels/1"));

        b = body("three-labels", onnx);
        b.put("labels", List.of("a", "b", "c"));
        post(b).statusCode(400).body("errors[0].pointer", equalTo("/labels"))
                .body("detail", containsString("2 class scores"));

        b = body("bad-format", onnx);
        b.put("format", "keras");
        post(b).statusCode(400).body("errors.pointer", hasItem("/format"));

        Path unknownExtension = Files.copy(onnx, dir.resolve("model.bin"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        post(body("no-format", unknownExtension)).statusCode(400).body("errors.pointer", hasItem("/format"));

        Path garbage = dir.resolve("garbage.onnx");
        Files.writeString(garbage, "not a model");
        post(body("garbage", garbage)).statusCode(400).body("errors.pointer", hasItem("/modelPath"));
        Path garbagePt = dir.resolve("garbage.pt");
        Files.writeString(garbagePt, "not a model");
        post(body("garbage-pt", garbagePt)).statusCode(400).body("errors.pointer", hasItem("/modelPath"));

        b = body("bad-tokenizer", onnx);
        b.put("tokenizerPath", garbage.toString());
        post(b).statusCode(400).body("errors.pointer", hasItem("/tokenizerPath"));

        b = body("bad-length", onnx);
        b.put("maxLength", 0);
        post(b).statusCode(400).body("errors.pointer", hasItem("/maxLength"));

        given().header("X-API-Key", adminKey).contentType(ContentType.JSON).body("{\"id\": ").post("/api/models")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("X-API-Key", adminKey).contentType(ContentType.JSON).body("{\"labels\": {\"a\": 1}}")
                .post("/api/models").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/labels"));

        assertEquals(rows + 1, count(), "rejected requests write no rows");
        for (String id : List.of("garbage", "garbage-pt", "bad-tokenizer", "three-labels")) {
            assertFalse(Files.exists(home.imported(id)), "no files left for " + id);
            assertTrue(registry.find(id).isEmpty());
        }

        post(body("taken", onnx)).statusCode(201);
        post(body("taken", onnx)).statusCode(409).contentType("application/problem+json");
        given().header("X-API-Key", KEY).get("/api/models/no-such-model").then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(body("no-key", onnx)).post("/api/models").then().statusCode(401);
    }

    private static long count() {
        return QuarkusTransaction.requiringNew().call(() -> ImportedModel.count());
    }
}
