package org.xstudy.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xstudy.console.Users;
import org.xstudy.model.imports.Fixtures;

/**
 * Models uploaded through {@code POST /api/models} (multipart): stored under the cache with the SHA-256 that
 * {@code /api/models} shows, owned by the uploader (any researcher, not viewers) and seen by nobody else, with the
 * model card; bad uploads are 400 naming the field and store nothing; an upload over
 * {@code xstudy.models.upload-limit} (16 MB in tests) is 413 while one over the ordinary 2 MB body limit is taken.
 */
@QuarkusTest
class ModelUploadApiTest {

    @Inject
    Users users;

    @Inject
    ModelHome home;

    @TempDir
    Path dir;

    @Test
    void aResearchersUploadIsStoredWithItsHashAndCardAndIsTheirsOnly() throws Exception {
        Path onnx = Fixtures.onnxWithTokenizer(dir, 11);
        Users.Account a = users.create("researcher");
        String id = given().header("X-API-Key", a.token()).multiPart("model", onnx.toFile())
                .multiPart("tokenizer", dir.resolve("tokenizer.json").toFile())
                .multiPart("labels", "[\"negative\", \"positive\"]").multiPart("name", "My bag of tokens")
                .multiPart("source", "written for the tests").multiPart("licence", "CC0-1.0")
                .multiPart("trainingData", "none: seeded scores")
                .post("/api/models").then().statusCode(201)
                .header("Location", containsString("/api/models/my-bag-of-tokens-"))
                .body("name", equalTo("My bag of tokens")).body("kind", equalTo("onnx"))
                .body("card.licence", equalTo("CC0-1.0")).body("card.trainingData", equalTo("none: seeded scores"))
                .body("capabilities.gradientMethods", equalTo(false))
                .extract().jsonPath().getString("id");
        String sha = ModelHome.sha256(onnx);
        given().header("X-API-Key", a.token()).get("/api/models/" + id).then().statusCode(200)
                .body("hash", equalTo(sha)).body("card.source", equalTo("written for the tests"));
        given().header("X-API-Key", a.token()).get("/api/models").then().body("id", hasItem(id));
        Path stored = home.imported(id).resolve("model.onnx");
        assertEquals(sha, ModelHome.sha256(stored), "the cache holds the uploaded bytes");

        Users.Account b = users.create("researcher");
        given().header("X-API-Key", b.token()).get("/api/models/" + id).then().statusCode(404);
        given().header("X-API-Key", b.token()).get("/api/models").then().body("id", not(hasItem(id)));
        given().header("X-API-Key", b.token()).contentType("application/json")
                .body(Map.of("text", "a fine film", "model", id, "method", "occlusion"))
                .post("/api/explanations").then().statusCode(400);
        given().header("X-API-Key", a.token()).contentType("application/json")
                .body(Map.of("text", "a fine film", "model", id, "method", "occlusion"))
                .post("/api/explanations").then().statusCode(200);
        // the same at /api/models/upload, with an id of one's own; a taken id is 409
        upload(a, onnx).multiPart("id", id).post("/api/models/upload").then().statusCode(409)
                .contentType("application/problem+json");
        upload(a, onnx).multiPart("id", id + "-b").post("/api/models/upload").then().statusCode(201)
                .body("id", equalTo(id + "-b")).body("card", equalTo(null));
    }

    @Test
    void viewersCannotUpload() throws Exception {
        Path onnx = Fixtures.onnxWithTokenizer(dir, 12);
        upload(users.create("viewer"), onnx).post("/api/models").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void badUploadsAre400NamingTheFieldAndStoreNothing() throws Exception {
        Path onnx = Fixtures.onnxWithTokenizer(dir, 13);
        Users.Account a = users.create("researcher");
        given().header("X-API-Key", a.token()).multiPart("labels", "negative").multiPart("maxLength", "x1")
                .multiPart("name", "   ").post("/api/models").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/maxLength"));
        given().header("X-API-Key", a.token()).multiPart("labels", "negative").multiPart("name", " ")
                .post("/api/models").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/name")).body("errors.pointer", hasItem("/model"))
                .body("errors.pointer", hasItem("/tokenizer")).body("errors.pointer", hasItem("/labels"));
        Path notAModel = dir.resolve("junk.onnx");
        Files.writeString(notAModel, "not a model at all");
        upload(a, notAModel).multiPart("id", "junk-upload-x").post("/api/models").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/model"))
                .body("errors[0].message", startsWith("The file is not a ONNX model"));
        Path notATokenizer = dir.resolve("tok.json");
        Files.writeString(notATokenizer, "{\"hello\": 1}");
        given().header("X-API-Key", a.token()).multiPart("model", onnx.toFile())
                .multiPart("tokenizer", notATokenizer.toFile()).multiPart("labels", "negative,positive")
                .multiPart("name", "bad tokenizer").multiPart("id", "bad-tokenizer-x").post("/api/models").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/tokenizer"));
        upload(a, onnx, "a,b,c").post("/api/models/upload").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/labels"));
        assertFalse(Files.exists(home.imported("junk-upload-x")), "a refused upload leaves no files");
        assertFalse(Files.exists(home.imported("bad-tokenizer-x")), "a refused upload leaves no files");
        given().header("X-API-Key", a.token()).get("/api/models/junk-upload-x").then().statusCode(404);
    }

    @Test
    void theUploadLimitIsTheSettingAndOtherEndpointsKeepTheirs() throws Exception {
        Users.Account a = users.create("researcher");
        Path big = dir.resolve("big.pt");
        Files.write(big, new byte[17 * 1024 * 1024]);
        try {
            given().header("X-API-Key", a.token()).multiPart("model", big.toFile()).multiPart("name", "big")
                    .post("/api/models").then().statusCode(413).contentType("application/problem+json")
                    .body("detail", containsString(Long.toString(16L * 1024 * 1024)));
        } catch (Exception e) {
            // the server may answer 413 and close the connection before the client has sent the whole body
            assertTrue(e instanceof java.net.SocketException, e.toString());
        }
        // 3 MB is over the ordinary 2 MB limit but within the upload's: it reaches validation (the model is junk)
        Path medium = dir.resolve("medium.pt");
        Files.write(medium, new byte[3 * 1024 * 1024]);
        Path tokenizer = Fixtures.onnxWithTokenizer(dir, 14).resolveSibling("tokenizer.json");
        given().header("X-API-Key", a.token()).multiPart("model", medium.toFile())
                .multiPart("tokenizer", tokenizer.toFile()).multiPart("labels", "negative,positive")
                .multiPart("name", "zeros").post("/api/models").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/model"));
        given().header("X-API-Key", a.token()).contentType("application/json")
                .body("{\"title\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}").post("/api/studies").then()
                .statusCode(413);
    }

    private static RequestSpecification upload(Users.Account who, Path model) {
        return upload(who, model, "negative\npositive");
    }

    private static RequestSpecification upload(Users.Account who, Path model, String labels) {
        return given().header("X-API-Key", who.token()).multiPart("model", model.toFile())
                .multiPart("tokenizer", model.resolveSibling("tokenizer.json").toFile())
                .multiPart("labels", labels).multiPart("name", "bag");
    }
}
