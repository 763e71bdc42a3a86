package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xstudy.model.ModelHome;
import org.xstudy.model.imports.Fixtures;

/**
 * The console's upload form (multipart, CSRF token, no inline script or style): a researcher uploads a model with
 * its model card and sees it listed with its hash; errors stand next to their field; viewers see no form.
 */
@QuarkusTest
class ModelUploadConsoleTest {

    @Inject
    Users users;

    @TempDir
    Path dir;

    @Test
    void aResearcherUploadsThroughTheFormAndSeesTheModelWithItsHash() throws Exception {
        Path onnx = Fixtures.onnxWithTokenizer(dir, 21);
        Users.Account a = users.create("researcher");
        ConsoleClient console = ConsoleClient.signedIn(a.email(), Users.PASSWORD);
        String page = console.get("/console/models").asString();
        assertTrue(page.contains("action=\"/console/models/upload\" enctype=\"multipart/form-data\""), page);
        assertFalse(page.contains("style=\"") || page.contains("<script>"), "no inline style or script");
        String csrf = ConsoleClient.csrf(page);

        Response missing = console.req().multiPart("_csrf", csrf).multiPart("name", "Console bag")
                .multiPart("labels", "negative\npositive").multiPart("model", onnx.toFile())
                .post("/console/models/upload");
        assertEquals(400, missing.statusCode());
        assertTrue(missing.asString().contains("id=\"upload-tokenizer-error\""), "the error is next to the field");
        assertTrue(missing.asString().contains("value=\"Console bag\""), "the form keeps what was entered");

        Response noToken = console.req().multiPart("name", "Console bag").multiPart("labels", "negative\npositive")
                .multiPart("model", onnx.toFile()).multiPart("tokenizer", dir.resolve("tokenizer.json").toFile())
                .post("/console/models/upload");
        assertEquals(403, noToken.statusCode(), "no CSRF token");

        Response ok = console.req().multiPart("_csrf", csrf).multiPart("name", "Console bag")
                .multiPart("labels", "negative\npositive").multiPart("licence", "CC0-1.0 <b>")
                .multiPart("model", onnx.toFile()).multiPart("tokenizer", dir.resolve("tokenizer.json").toFile())
                .post("/console/models/upload");
        assertEquals(303, ok.statusCode(), ok.asString());
        String models = console.get("/console/models").asString();
        assertTrue(models.contains("Console bag") && models.contains("sha256 " + ModelHome.sha256(onnx)), models);
        assertTrue(models.contains("Licence: CC0-1.0 &lt;b&gt;"), "the card is escaped");

        Users.Account viewer = users.create("viewer");
        String theirs = ConsoleClient.signedIn(viewer.email(), Users.PASSWORD).get("/console/models").asString();
        assertFalse(theirs.contains("/console/models/upload"), "viewers see no upload form");
        assertFalse(theirs.contains("Console bag"), "nor anyone else's model");
    }
}
