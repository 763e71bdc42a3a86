package org.xstudy.analysis.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.TestStudies;

/**
 * Item covariates and requested subsets through the API, on the demo study with covariates taken by three
 * participants who guess "positive" on every forward trial. The forward items are m02 and m05 (model: negative)
 * and m09 (its model output here changed to positive, matching its gold label), each in the pre and post test.
 * Coverage is 1..12 on m01..m12, so its mean and median over the 12 items are 6.5: above the mean is only m09
 * among the forward items, where every guess is right; at or below the median are m02 and m05, where every guess
 * is wrong.
 */
@QuarkusTest
class SubsetApiTest {

    private static final String KEY = TestStudies.KEY;
    /** The study, taken once for all tests (taking it is slow). */
    private static Long id;

    @BeforeEach
    void takeStudy() {
        if (id != null) {
            return;
        }
        ObjectNode spec = TestStudies.demo(s -> {
            for (int i = 0; i < 12; i++) {
                ObjectNode c = ((ObjectNode) s.get("items").get(i)).putObject("covariates");
                c.put("coverage", i + 1);
                if (i == 1 || i == 8) {
                    c.put("sarcastic", i == 8).put("genre", i == 8 ? "drama" : "comedy");
                }
            }
            ObjectNode m09 = (ObjectNode) s.get("items").get(8);
            m09.putObject("prediction").put("label", "positive");
        });
        id = TestStudies.create(spec);
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/open").then().statusCode(200);
        String slug = spec.get("slug").asText();
        for (int i = 0; i < 3; i++) {
            ParticipantClient p = new ParticipantClient(slug);
            p.join("PROLIFIC-" + slug + "-" + i);
            p.finish();
        }
    }

    private static JsonPath analysis(String... subsets) {
        return given().header("X-API-Key", KEY).queryParam("resamples", 50).queryParam("permutations", 10)
                .queryParam("subset", (Object[]) subsets).get("/api/studies/" + id + "/analysis").then()
                .statusCode(200).extract().jsonPath();
    }

    /** Sums answers and correct answers over the conditions of forward cells of a subset in a phase. */
    private static int[] forward(JsonPath r, String subset, String phase) {
        List<Map<String, Object>> cells = r.getList("withoutExclusions.simulation.findAll { it.kind == 'forward' "
                + "&& it.subset == '" + subset + "' && it.phase == '" + phase + "' }");
        int[] out = new int[2];
        cells.forEach(c -> {
            out[0] += (Integer) c.get("answers");
            out[1] += (Integer) c.get("correct");
        });
        return out;
    }

    @Test
    void subsetAccuracyEqualsTheHandComputedValue() {
        JsonPath r = analysis("cov:coverage>mean", "cov:coverage<=median", "model:right", "cov:sarcastic=true",
                "answer:disagrees");
        for (String phase : List.of("pre", "post")) {
            assertEquals(9, forward(r, "all", phase)[0], "3 participants × 3 items");
            assertEquals(3, forward(r, "all", phase)[1], "right on m09 only");
            assertTrue(java.util.Arrays.equals(new int[] {3, 3}, forward(r, "cov:coverage>mean", phase)),
                    "m09: 3 answers, all right");
            assertTrue(java.util.Arrays.equals(new int[] {6, 0}, forward(r, "cov:coverage<=median", phase)),
                    "m02, m05: 6 answers, none right");
            assertTrue(java.util.Arrays.equals(new int[] {9, 3}, forward(r, "model:right", phase)),
                    "the model is right on every forward item");
            assertTrue(java.util.Arrays.equals(new int[] {3, 3}, forward(r, "cov:sarcastic=true", phase)));
            assertTrue(java.util.Arrays.equals(new int[] {6, 0}, forward(r, "answer:disagrees", phase)));
        }
        assertEquals(List.of("cov:coverage>mean", "cov:coverage<=median", "model:right", "cov:sarcastic=true",
                "answer:disagrees"), r.getList("params.subsets"));
    }

    @Test
    void aBadSubsetIsA400NamingSubsetAndTheValue() {
        for (String bad : List.of("cov:unknown>1", "cov:coverage>>1", "cov:genre<drama", "items:all")) {
            JsonPath p = given().header("X-API-Key", KEY).queryParam("subset", "model:wrong")
                    .queryParam("subset", bad).get("/api/studies/" + id + "/analysis").then().statusCode(400)
                    .contentType("application/problem+json").extract().jsonPath();
            assertEquals("/subset", p.getString("errors[0].pointer"));
            assertTrue(p.getString("errors[0].message").contains("'" + bad + "'"), p.getString("errors[0].message"));
        }
    }

    @Test
    void atMostTwentySubsetsAndARepeatedOneOnce() {
        Object[] many = java.util.stream.IntStream.range(0, 21).mapToObj(i -> "cov:coverage>" + i).toArray();
        JsonPath p = given().header("X-API-Key", KEY).queryParam("subset", many)
                .get("/api/studies/" + id + "/analysis").then().statusCode(400).extract().jsonPath();
        assertEquals("/subset", p.getString("errors[0].pointer"));
        JsonPath r = analysis("model:right", "model:right");
        assertEquals(List.of("model:right"), r.getList("params.subsets"));
        assertEquals(r.getList("withoutExclusions.simulation.findAll { it.subset == 'model_right' }").size(),
                r.getList("withoutExclusions.simulation.findAll { it.subset == 'model:right' }").size());
    }

    @Test
    void theLongCsvAndTheCodebookHaveTheCovariateColumns() throws IOException {
        String csv = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/export?format=long-csv")
                .then().statusCode(200).extract().asString();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(csv))) {
            assertTrue(parser.getHeaderNames().containsAll(List.of("cov_coverage", "cov_sarcastic", "cov_genre")),
                    parser.getHeaderNames().toString());
            List<CSVRecord> rows = parser.getRecords();
            for (CSVRecord row : rows) {
                String item = row.get("item");
                String expected = item.equals("NA") ? "NA" : String.valueOf(Integer.parseInt(item.substring(1)));
                assertEquals(expected, row.get("cov_coverage"), item);
                assertEquals(item.equals("m09") ? "TRUE" : item.equals("m02") ? "FALSE" : "NA",
                        row.get("cov_sarcastic"), item);
                assertEquals(item.equals("m09") ? "drama" : item.equals("m02") ? "comedy" : "NA",
                        row.get("cov_genre"), item);
            }
            assertTrue(rows.stream().anyMatch(row -> row.get("item").equals("m09")));
        }
        JsonPath json = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/export?format=json")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(Boolean.TRUE, json.getBoolean("find { it.item == 'm09' }.cov_sarcastic"));
        assertEquals(9, json.getInt("find { it.item == 'm09' }.cov_coverage"));
        assertEquals("comedy", json.getString("find { it.item == 'm02' }.cov_genre"));
        assertNull(json.getString("find { it.item == 'm01' }.cov_genre"));
        JsonPath codebook = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/codebook?format=json")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("boolean", codebook.getString(
                "files.find { it.file == 'long-csv' }.columns.find { it.name == 'cov_sarcastic' }.type"));
        assertEquals("number", codebook.getString(
                "files.find { it.file == 'long-csv' }.columns.find { it.name == 'cov_coverage' }.type"));
        assertEquals("number", codebook.getString("covariates.find { it.name == 'coverage' }.type"));
        assertEquals(12, codebook.getInt("covariates.find { it.name == 'coverage' }.items"));
        assertEquals("from 1 to 12, mean 6.500, median 6.500",
                codebook.getString("covariates.find { it.name == 'coverage' }.values"));
        assertEquals("TRUE on 1, FALSE on 1 items", codebook.getString("covariates.find { it.name == 'sarcastic' }.values"));
        assertEquals("cov_coverage_mean", codebook.getString("covariates.find { it.name == 'coverage' }.wideColumn"));
        assertNull(codebook.getString("covariates.find { it.name == 'genre' }.wideColumn"));
        String markdown = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/codebook?format=md")
                .then().statusCode(200).extract().asString();
        assertTrue(markdown.contains("## Item covariates") && markdown.contains("| `coverage` | number | 12 of 12 |"),
                markdown);
    }

    @Test
    void theWideCsvHasEachParticipantsCovariateMeans() throws IOException {
        String csv = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/export?format=wide-csv")
                .then().statusCode(200).extract().asString();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(csv))) {
            assertTrue(parser.getHeaderNames().containsAll(List.of("cov_coverage_mean", "cov_sarcastic_mean")),
                    parser.getHeaderNames().toString());
            assertTrue(!parser.getHeaderNames().contains("cov_genre_mean"), "text covariates have no mean");
            for (CSVRecord row : parser.getRecords()) {
                // simulation answers: m02, m05, m09 in pre and post, then the counterfactual m06 and m12 (one
                // perturbation each): coverage (2+5+9)*2 + 6 + 12 over 8 answers; sarcastic only on m02 (false)
                // and m09 (true)
                assertEquals(String.valueOf((2 + 5 + 9) * 2 / 8.0 + (6 + 12) / 8.0), row.get("cov_coverage_mean"));
                assertEquals("0.5", row.get("cov_sarcastic_mean"));
            }
        }
    }
}
