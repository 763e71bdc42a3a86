package org.xstudy.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.job.JobResultsCsv;
import org.xstudy.model.ModelRegistry;
import org.xstudy.represent.BagOfWordsClassifier;

/**
 * A precompute job's results read back: through {@code GET /api/precompute-jobs/{id}/explanations} as JSON pages
 * and CSV, and on the console's results page, with the job's methods and parameters shown.
 */
@QuarkusTest
class PrecomputeResultsTest {

    static final String MODEL = "bow-test";
    static final int TEXTS = 3;

    @Inject
    ModelRegistry registry;

    @Inject
    Users users;

    Users.Account owner;
    String tag;

    @BeforeEach
    void setUp() {
        registry.register(new BagOfWordsClassifier(Map.of("good", 2.0, "witty", 1.0), 0.1));
        owner = users.create("researcher");
        tag = UUID.randomUUID().toString().substring(0, 8);
    }

    private int finishedJob() throws InterruptedException {
        List<String> texts = List.of("a good <b>witty</b> film " + tag, "dull, and not good " + tag,
                "=witty \"quoted\" words " + tag);
        int id = given().header("X-API-Key", owner.token()).contentType(ContentType.JSON)
                .body(Map.of("model", MODEL, "methods", List.of("occlusion", "lime"), "texts", texts,
                        "params", Map.of("lime", Map.of("samples", 40, "seed", 7))))
                .post("/api/precompute-jobs").then().statusCode(202).extract().jsonPath().getInt("id");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            String status = job(id).getString("status");
            if (status.equals("done")) {
                return id;
            }
            assertFalse(status.equals("failed") || status.equals("cancelled"), status);
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    private JsonPath job(int id) {
        return given().header("X-API-Key", owner.token()).get("/api/precompute-jobs/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    private JsonPath results(int id, String query) {
        return given().header("X-API-Key", owner.token()).get("/api/precompute-jobs/" + id + "/explanations" + query)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    @Test
    void resultsReadBackMatchTheStoredExplanationsPageAndFilter() throws Exception {
        int id = finishedJob();
        JsonPath jobView = job(id);
        assertEquals(List.of("occlusion", "lime"), jobView.getList("methods.method"));
        assertEquals(40, jobView.getInt("methods[1].params.samples"), "parameters as stored, given ones");
        assertNotNull(jobView.get("methods[1].params.kernelWidth"), "defaults filled in");

        JsonPath all = results(id, "");
        assertEquals(2 * TEXTS, all.getInt("total"));
        assertEquals(2 * TEXTS, all.getList("results").size());
        for (int i = 0; i < 2 * TEXTS; i++) {
            String at = "results[" + i + "].";
            assertEquals(i, all.getInt(at + "position"));
            assertEquals("done", all.getString(at + "status"));
            long explanation = all.getLong(at + "explanationId");
            JsonPath stored = given().header("X-API-Key", owner.token()).get("/api/explanations/" + explanation)
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(stored.getList("scores"), all.getList(at + "explanation.scores"));
            assertEquals(stored.getList("tokens"), all.getList(at + "explanation.tokens"));
            assertEquals(stored.getString("method"), all.getString(at + "method"));
            assertEquals(stored.getString("predictionLabel"), all.getString(at + "explanation.predictionLabel"));
            assertEquals(stored.getMap("metrics"), all.getMap(at + "explanation.metrics"));
        }

        JsonPath lime = results(id, "?method=lime&size=2&page=1");
        assertEquals(TEXTS, lime.getInt("total"));
        assertEquals(List.of(5), lime.getList("results.position"), "second page of two holds the third lime task");
        assertEquals(List.of(1, 3), results(id, "?method=lime&size=2").getList("results.position"));
        assertEquals(0, results(id, "?status=failed").getInt("total"));
        assertEquals(2 * TEXTS, results(id, "?status=done&size=500").getInt("total"));
    }

    @Test
    void csvLoadsAsOneTidyTable() throws Exception {
        int id = finishedJob();
        JsonPath all = results(id, "");
        int words = all.getList("results.explanation.tokens", List.class).stream().mapToInt(List::size).sum();
        for (Response r : List.of(
                given().header("X-API-Key", owner.token()).get("/api/precompute-jobs/" + id + "/explanations?format=csv"),
                given().header("X-API-Key", owner.token()).accept("text/csv")
                        .get("/api/precompute-jobs/" + id + "/explanations"))) {
            r.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"));
            try (CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(r.asString()))) {
                assertEquals(JobResultsCsv.HEADER, csv.getHeaderNames());
                List<CSVRecord> rows = csv.getRecords();
                assertEquals(words, rows.size(), "one row per word");
                CSVRecord first = rows.get(0);
                assertEquals("occlusion", first.get("method"));
                assertEquals("NA", first.get("item_key"), "given texts have no item key");
                assertTrue(List.of("TRUE", "FALSE").contains(first.get("predicts_target")));
                assertEquals(all.getString("results[0].explanation.tokens[0]"), first.get("token"));
                assertEquals(all.getDouble("results[0].explanation.scores[0]"),
                        Double.parseDouble(first.get("score")), 1e-12);
                assertTrue(rows.stream().anyMatch(x -> x.get("text").startsWith("'=witty \"quoted\"")),
                        "formula cells are neutralised, quotes survive");
            }
        }
        given().header("X-API-Key", owner.token()).accept("text/csv;q=0.5, application/json")
                .get("/api/precompute-jobs/" + id + "/explanations").then().statusCode(200)
                .contentType(ContentType.JSON);
        String lime = given().header("X-API-Key", owner.token())
                .get("/api/precompute-jobs/" + id + "/explanations?format=csv&method=lime").asString();
        assertFalse(lime.contains(",occlusion,"));
    }

    @Test
    void badParametersAre400NamingTheFieldAndOthersGet404() throws Exception {
        int id = finishedJob();
        Map<String, String> bad = Map.of("page=-1", "/page", "page=x", "/page", "size=0", "/size", "size=501",
                "/size", "method=nope", "/method", "status=maybe", "/status", "format=xml", "/format");
        bad.forEach((query, pointer) -> given().header("X-API-Key", owner.token())
                .get("/api/precompute-jobs/" + id + "/explanations?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer",
                        org.hamcrest.Matchers.equalTo(pointer)));
        given().header("X-API-Key", owner.token()).accept("text/csv")
                .get("/api/precompute-jobs/" + id + "/explanations?size=0&method=nope").then().statusCode(400)
                .contentType("application/problem+json").body("errors.pointer",
                        org.hamcrest.Matchers.contains("/size", "/method"));
        Users.Account other = users.create("researcher");
        given().header("X-API-Key", other.token()).get("/api/precompute-jobs/" + id + "/explanations").then()
                .statusCode(404).contentType("application/problem+json");
        ConsoleClient stranger = ConsoleClient.signedIn(other.email(), Users.PASSWORD);
        assertEquals(404, stranger.get("/console/precompute/" + id + "/explanations").statusCode());
        assertEquals(404, stranger.get("/console/precompute/" + id + "/explanations.csv").statusCode());
    }

    @Test
    void consoleShowsMethodsAndAPagedFilteredResultsPageWithHeatmaps() throws Exception {
        int id = finishedJob();
        ConsoleClient console = ConsoleClient.signedIn(owner.email(), Users.PASSWORD);
        String jobPage = console.get("/console/precompute/" + id).then().statusCode(200).extract().asString();
        assertTrue(jobPage.contains("<code>lime</code>") && jobPage.contains("<code>samples</code> = 40"), jobPage);
        assertTrue(jobPage.contains("href=\"/console/precompute/" + id + "/explanations\""));

        String page = console.get("/console/precompute/" + id + "/explanations?method=lime").then().statusCode(200)
                .extract().asString();
        assertTrue(page.contains(TEXTS + " results match"), page);
        assertEquals(TEXTS, page.split("class=\"xh-heatmap\"", -1).length - 1, "one heatmap per result");
        assertFalse(page.contains("data-method=\"occlusion\""), "the filter holds");
        assertTrue(page.contains("&lt;") && page.contains("&gt;"), "text is escaped");
        assertFalse(page.contains("<b>") || page.contains("</b>"), "no raw markup from the text");
        assertFalse(page.contains("style=\""), "colours are classes");
        assertTrue(page.contains("<option value=\"lime\" selected>"));
        assertTrue(page.contains("/console/precompute/" + id + "/explanations.csv?method=lime"));

        Response csv = console.get("/console/precompute/" + id + "/explanations.csv?method=lime");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.asString().startsWith(String.join(",", JobResultsCsv.HEADER)));
        assertEquals(400, console.get("/console/precompute/" + id + "/explanations?page=abc").statusCode());
    }
}
