package org.xstudy.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.console.Users;
import org.xstudy.model.imports.Fixtures;

/**
 * Imports read only from the import directory, only for admins, and every refused path gets the same answer, so
 * the import cannot tell which files exist elsewhere on the server (issue 14).
 */
@QuarkusTest
class ModelImportPathTest {

    @Inject
    Users users;

    private static io.restassured.response.ValidatableResponse post(String key, String modelPath, String tokenizer) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON)
                .body(Map.of("id", "path-test", "format", "onnx", "modelPath", modelPath, "tokenizerPath", tokenizer,
                        "labels", List.of("negative", "positive")))
                .post("/api/models").then();
    }

    @Test
    void everyRefusedPathGetsTheSame400NamingTheField() throws Exception {
        String admin = users.create("admin").token();
        Path dir = Fixtures.importFolder("paths");
        Path onnx = Fixtures.onnxWithTokenizer(dir, 4);
        String tokenizer = dir.resolve("tokenizer.json").toString();
        Path escaping = Files.createSymbolicLink(dir.resolve("escape.onnx"), Path.of("/etc/passwd"));
        Path outsideDir = Files.createTempDirectory("outside-imports");
        Path outsideModel = Files.copy(onnx, outsideDir.resolve("bag.onnx"));
        Path linkedDir = Files.createSymbolicLink(dir.resolve("linked"), outsideDir);
        Path unreadable = Files.copy(onnx, dir.resolve("unreadable.onnx"));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        List<String> refused = new ArrayList<>(List.of(
                "/etc/shadow",                                  // exists, outside
                "/etc/passwd",                                  // exists and readable, outside
                "/no/such/file.onnx",                           // missing, outside
                outsideModel.toString(),                        // a real model, outside
                dir.resolve("missing.onnx").toString(),         // missing, inside
                dir.toString(),                                 // a directory, inside
                escaping.toString(),                            // a symbolic link leading out
                linkedDir.resolve("bag.onnx").toString(),       // through a linked directory leading out
                dir.getFileName() + "/../../../../pom.xml",     // relative, climbing out
                dir + "/../../../../pom.xml",                   // absolute, climbing out
                "../../pom.xml",
                " "));
        if (!Files.isReadable(unreadable)) {
            refused.add(unreadable.toString());                 // unreadable (a root server reads every file)
        }
        String first = null;
        for (String path : refused) {
            String body = post(admin, path, tokenizer).statusCode(400).contentType("application/problem+json")
                    .body("errors.size()", equalTo(1)).body("errors[0].pointer", equalTo("/modelPath"))
                    .extract().asString();
            if (first == null) {
                first = body;
            }
            assertEquals(first, body, "the same answer for " + path);
        }
        post(admin, onnx.toString(), "/etc/passwd").statusCode(400)
                .body("errors[0].pointer", equalTo("/tokenizerPath"));
    }

    @Test
    void onlyAdminsImport() throws Exception {
        Path dir = Fixtures.importFolder("roles");
        Path onnx = Fixtures.onnxWithTokenizer(dir, 4);
        String tokenizer = dir.resolve("tokenizer.json").toString();
        for (String role : List.of("researcher", "viewer")) {
            post(users.create(role).token(), onnx.toString(), tokenizer).statusCode(403)
                    .contentType("application/problem+json");
        }
        post("dev-researcher-key", onnx.toString(), tokenizer).statusCode(403);
        given().contentType(ContentType.JSON).body("{}").post("/api/models").then().statusCode(401);
    }
}
