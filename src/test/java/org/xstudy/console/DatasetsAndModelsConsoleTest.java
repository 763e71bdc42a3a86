package org.xstudy.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xstudy.model.ModelHome;
import org.xstudy.model.ModelRegistry;
import org.xstudy.model.data.PangLee;
import org.xstudy.model.demo.DemoModels;
import org.xstudy.model.imports.Fixtures;

/**
 * The console's data set, model and precompute pages over HTTP: import with row errors next to the form,
 * ownership, viewer refusals, a real tiny ONNX model imported through the form and a precompute over a data set
 * that reaches its total.
 */
@QuarkusTest
class DatasetsAndModelsConsoleTest {

    @Inject
    Users users;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelHome home;

    private static Response importCsv(ConsoleClient c, String fileName, String csv, String name) {
        String token = ConsoleClient.csrf(c.get("/console/datasets").asString());
        return c.req().multiPart("_csrf", token).multiPart("name", name)
                .multiPart("file", fileName, csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/console/datasets");
    }

    @Test
    void datasetPageShowsRowErrorsByTheFormThenTheImportedSetToItsOwnerOnly() {
        Users.Account a = users.create("researcher");
        ConsoleClient console = ConsoleClient.signedIn(a.email(), Users.PASSWORD);
        String empty = console.get("/console/datasets").then().statusCode(200).extract().asString();
        assertTrue(empty.contains("id=\"datasets-empty\""), "empty state");

        Response bad = importCsv(console, "bad.csv", "text,label\nfine,pos\n,neg\nno label\n", "Broken <set>");
        assertEquals(400, bad.statusCode());
        String page = bad.asString();
        assertTrue(page.contains("Row 2 (line 3): text is empty."), page);
        assertTrue(page.contains("Row 3 (line 4): label is missing."), page);
        assertTrue(page.contains("value=\"Broken &lt;set&gt;\""), "the name is kept, escaped");
        assertTrue(console.get("/console/datasets").asString().contains("id=\"datasets-empty\""), "nothing stored");

        Response good = importCsv(console, "ok.csv", "text,label\n<b>bold</b> words,pos\nplain,neg\n", "Good set");
        assertEquals(303, good.statusCode());
        String location = good.getHeader("Location");
        String detail = console.get(location).then().statusCode(200).extract().asString();
        assertTrue(detail.contains("&lt;b&gt;bold&lt;/b&gt; words"), "row text is escaped");
        String list = console.get("/console/datasets").asString();
        assertTrue(list.contains("Good set") && list.contains("pos, neg"), list);

        Users.Account b = users.create("researcher");
        ConsoleClient other = ConsoleClient.signedIn(b.email(), Users.PASSWORD);
        String path = location.replaceAll("^https?://[^/]+", "");
        assertEquals(404, other.get(path).statusCode());
        assertEquals(404, other.post(path + "/delete", Map.of()).statusCode());
        assertFalse(other.get("/console/datasets").asString().contains("Good set"));
        assertEquals(303, console.post(path + "/delete", Map.of()).statusCode());
        assertEquals(404, console.get(path).statusCode());
    }

    @Test
    void viewersSeeNoFormsAndAreRefused() {
        Users.Account v = users.create("viewer");
        ConsoleClient viewer = ConsoleClient.signedIn(v.email(), Users.PASSWORD);
        String datasets = viewer.get("/console/datasets").asString();
        assertFalse(datasets.contains("id=\"import-dataset\""));
        assertEquals(403, importCsv(viewer, "v.csv", "text,label\na,x\nb,y\n", "V").statusCode());
        String models = viewer.get("/console/models").asString();
        assertFalse(models.contains("id=\"train-demo\"") || models.contains("id=\"import-model\""));
        assertEquals(403, viewer.post("/console/models/train-demo", Map.of()).statusCode());
        assertEquals(403, viewer.post("/console/models/import", Map.of("id", "x")).statusCode());
        assertEquals(403, viewer.post("/console/precompute", Map.of("model", "x")).statusCode());
        viewer.get("/console/models/training.json").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.notNullValue());
        assertEquals(403, viewer.postRaw("/console/models/train-demo", Map.of()).statusCode(), "no CSRF token");
    }

    /**
     * The real training path on a tiny data file put where the demo data is cached (so nothing is fetched): 48
     * sentences instead of 10,662, both demo models trained, registered and listed.
     */
    @Test
    void demoTrainingRunsInTheBackgroundOnATinyDataFileAndListsTheModels() throws Exception {
        Path data = home.data().resolve(PangLee.FILE_NAME);
        Files.createDirectories(home.data());
        StringBuilder tiny = new StringBuilder();
        String[] good = {"a good", "a great", "a moving", "a fine"};
        String[] bad = {"a dull", "a bad", "a boring", "an awful"};
        for (int i = 0; i < 24; i++) {
            tiny.append("\"1\",\"").append(good[i % 4]).append(" film , truly good number ").append(i).append(" \n\"\n");
            tiny.append("\"-1\",\"").append(bad[i % 4]).append(" film , really bad number ").append(i).append(" \n\"\n");
        }
        Files.writeString(data, tiny);
        try {
            ConsoleClient console = ConsoleClient.signedIn(users.create("researcher").email(), Users.PASSWORD);
            assertTrue(console.get("/console/models").asString().contains("State: <strong data-field=\"state\">"));
            assertEquals(303, console.post("/console/models/train-demo", Map.of()).statusCode());
            assertEquals(409, console.post("/console/models/train-demo", Map.of()).statusCode(), "one run at a time");
            JsonPath s = null;
            long deadline = System.currentTimeMillis() + 300_000;
            while (System.currentTimeMillis() < deadline) {
                s = console.get("/console/models/training.json").then().statusCode(200).extract().jsonPath();
                if (!"running".equals(s.getString("state"))) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals("done", s.getString("state"), s.prettify());
            assertTrue(s.getList("log").stream().anyMatch(l -> l.toString().contains("48 training")), s.prettify());
            String models = console.get("/console/models").asString();
            assertTrue(models.contains(">demo-cnn<") && models.contains(">demo-bge<"), models);
            assertTrue(registry.find("demo-cnn").isPresent());
        } finally {
            registry.remove(DemoModels.BGE);
            registry.remove(DemoModels.CNN);
            Files.deleteIfExists(data);
            for (String id : new String[] {DemoModels.BGE, DemoModels.CNN}) {
                try (var files = Files.walk(home.model(id))) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    @Test
    void anOnnxModelImportedThroughTheFormPrecomputesOverADataSetToItsTotal() throws Exception {
        Path dir = Fixtures.importFolder("console-models");
        Path onnx = Fixtures.onnxWithTokenizer(dir, 5);
        Path tokenizer = dir.resolve("tokenizer.json");
        Users.Account a = users.create("admin");
        ConsoleClient console = ConsoleClient.signedIn(a.email(), Users.PASSWORD);
        String id = "console-bag-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> form = new HashMap<>(Map.of("id", id, "modelPath", dir.resolve("missing.onnx").toString(),
                "tokenizerPath", tokenizer.toString(), "labels", "negative\npositive", "maxLength", "64"));
        Response missing = console.post("/console/models/import", form);
        assertEquals(400, missing.statusCode());
        assertTrue(missing.asString().contains("id=\"model-path-error\""), "the error is next to the model path");
        form.put("modelPath", onnx.toString());
        assertEquals(303, console.post("/console/models/import", form).statusCode());
        String models = console.get("/console/models").asString();
        assertTrue(models.contains(id) && models.contains("negative, positive"), models);

        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 12; i++) {
            csv.append("a fine film number ").append(i).append(" with a dull plot,").append(i % 2 == 0 ? "pos" : "neg")
                    .append('\n');
        }
        String location = importCsv(console, "films.csv", csv.toString(), "Films").getHeader("Location");
        String datasetId = location.substring(location.lastIndexOf('/') + 1);
        assertTrue(console.get("/console/precompute?dataset=" + datasetId).asString()
                .contains("value=\"dataset:" + datasetId + "\" selected"));

        Response refused = console.post("/console/precompute", Map.of("model", id, "items", "dataset:" + datasetId,
                "methods", "saliency"));
        assertEquals(422, refused.statusCode(), "ONNX has no gradients");
        assertTrue(refused.asString().contains("/methods/0"));
        Response started = console.post("/console/precompute", Map.of("model", id, "items", "dataset:" + datasetId,
                "methods", "occlusion"));
        assertEquals(303, started.statusCode(), started.asString());
        String job = started.getHeader("Location").replaceAll("^https?://[^/]+", "");
        assertTrue(console.get(job).asString().contains("id=\"job-progress\" class=\"xc-progress\" max=\"12\""));
        JsonPath p = null;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            p = console.get(job + ".json").then().statusCode(200).extract().jsonPath();
            if ("done".equals(p.getString("status"))) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("done", p.getString("status"), p.prettify());
        assertEquals(12, p.getInt("total"));
        assertEquals(12, p.getInt("done"));
        assertEquals(Long.parseLong(datasetId), p.getLong("datasetId"));

        assertEquals(409, console.post(job + "/cancel", Map.of()).statusCode(), "a done job has nothing to cancel");

        StringBuilder more = new StringBuilder("text,label\n");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 60; i++) {
            more.append("review ").append(i).append(" of ").append(tag).append(" is quite long and rather dull,")
                    .append(i % 2).append('\n');
        }
        String second = importCsv(console, "more.csv", more.toString(), "More").getHeader("Location");
        String longJob = console.post("/console/precompute", Map.of("model", id, "methods", "occlusion",
                "items", "dataset:" + second.substring(second.lastIndexOf('/') + 1))).getHeader("Location")
                .replaceAll("^https?://[^/]+", "");
        assertEquals(303, console.post(longJob + "/cancel", Map.of()).statusCode());
        JsonPath cancelled = console.get(longJob + ".json").then().extract().jsonPath();
        assertEquals("cancelled", cancelled.getString("status"));
        assertTrue(cancelled.getInt("done") < 60, cancelled.prettify());
        assertTrue(console.get(longJob).asString().contains("id=\"resume-job\""));
        assertEquals(303, console.post(longJob + "/resume", Map.of()).statusCode());
        JsonPath resumed = cancelled;
        deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && !"done".equals(resumed.getString("status"))) {
            Thread.sleep(100);
            resumed = console.get(longJob + ".json").then().statusCode(200).extract().jsonPath();
        }
        assertEquals(60, resumed.getInt("done"), resumed.prettify());

        Users.Account b = users.create("researcher");
        ConsoleClient other = ConsoleClient.signedIn(b.email(), Users.PASSWORD);
        assertEquals(404, other.get(job).statusCode());
        assertEquals(404, other.get(job + ".json").statusCode());
        assertEquals(404, other.post(job + "/cancel", Map.of()).statusCode());
        given().header("X-API-Key", b.token()).contentType("application/json")
                .body(Map.of("model", id, "methods", java.util.List.of("occlusion"), "datasetId", Long.parseLong(datasetId)))
                .post("/api/precompute-jobs").then().statusCode(400).body("errors[0].pointer", equalTo("/datasetId"));
        registry.remove(id);
    }
}
