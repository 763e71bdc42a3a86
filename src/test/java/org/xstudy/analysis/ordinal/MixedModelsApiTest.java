package org.xstudy.analysis.ordinal;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.TestStudies;

/**
 * {@code /analysis/prepost} on a real pre/post study: its pre and post accuracies are those of the exported answers,
 * its change and comparison with the control follow from them, the same seed gives the same answer, and bad
 * parameters are 400s naming the field, as is an unknown rating scale for {@code /analysis/clmm}.
 */
@QuarkusTest
class MixedModelsApiTest {

    private static final String KEY = TestStudies.KEY;

    @Test
    void prePostMatchesTheExportAndBadParametersNameTheirField() throws Exception {
        ObjectNode spec = TestStudies.demo(s -> {
            ArrayNode conditions = s.putArray("conditions");
            conditions.addObject().put("id", "heatmap").put("explanation", "heatmap");
            conditions.addObject().put("id", "control").put("explanation", "none").put("control", true);
        });
        long id = TestStudies.create(spec);
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/open").then().statusCode(200);
        String slug = spec.get("slug").asText();
        for (int k = 0; k < 6; k++) {
            take(slug, k);
        }
        String url = "/api/studies/" + id + "/analysis/prepost?resamples=300&seed=5";
        String body = given().header("X-API-Key", KEY).get(url).then().statusCode(200).extract().asString();
        assertEquals(body, given().header("X-API-Key", KEY).get(url).then().extract().asString(), "same seed");
        JsonPath r = new JsonPath(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals("control", r.getString("control"));
        Map<String, double[]> expected = accuracies(given().header("X-API-Key", KEY)
                .get("/api/studies/" + id + "/export?format=long-csv").then().statusCode(200).extract().asString());
        for (String c : List.of("control", "heatmap")) {
            String at = "changes.find { it.condition == '" + c + "' }.";
            assertEquals(expected.get(c)[0], r.getDouble(at + "pre"), 1e-12, c + " pre");
            assertEquals(expected.get(c)[1], r.getDouble(at + "post"), 1e-12, c + " post");
            assertEquals(expected.get(c)[1] - expected.get(c)[0], r.getDouble(at + "change"), 1e-12, c);
            assertTrue(r.getDouble(at + "interval.low") <= r.getDouble(at + "interval.high"));
        }
        assertEquals(6, r.getInt("changes[0].participants") + r.getInt("changes[1].participants"));
        assertEquals("heatmap", r.getString("versusControl[0].condition"));
        assertEquals((expected.get("heatmap")[1] - expected.get("heatmap")[0])
                - (expected.get("control")[1] - expected.get("control")[0]),
                r.getDouble("versusControl[0].change"), 1e-12);

        given().header("X-API-Key", KEY).get("/api/studies/" + id + "/analysis/prepost?resamples=0&confidence=1")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/resamples")).body("errors.pointer", hasItem("/confidence"));
        given().header("X-API-Key", KEY).get("/api/studies/" + id + "/analysis/clmm?rating=nope")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/rating"));
    }

    /** By condition: pooled accuracy of the kept pre [0] and post [1] simulation answers, from the long CSV. */
    private static Map<String, double[]> accuracies(String csv) throws Exception {
        Map<String, double[]> counts = new HashMap<>();
        try (CSVParser p = CSVParser.parse(new StringReader(csv),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            for (CSVRecord rec : p) {
                String phase = rec.get("phase");
                if (!rec.get("excluded").equals("FALSE") || !rec.get("kind").equals("forward")
                        || rec.get("correct").equals("NA") || !(phase.equals("pre") || phase.equals("post"))) {
                    continue;
                }
                double[] c = counts.computeIfAbsent(rec.get("condition"), k -> new double[4]);
                int at = phase.equals("pre") ? 0 : 2;
                c[at] += rec.get("correct").equals("TRUE") ? 1 : 0;
                c[at + 1]++;
            }
        }
        Map<String, double[]> out = new HashMap<>();
        counts.forEach((k, c) -> out.put(k, new double[] {c[0] / c[1], c[2] / c[3]}));
        return out;
    }

    /** Takes the study, guessing "negative" on every third trial (shifted by k), else "positive". */
    private static void take(String slug, int k) {
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PP-" + slug + "-" + k);
        int trial = 0;
        for (String step = p.currentStep(); step != null; step = p.currentStep()) {
            Map<String, String> form = new HashMap<>(ParticipantClient.validAnswer(p.currentKind(), step));
            if (form.containsKey("guess")) {
                form.put("guess", (trial++ + k) % 3 == 0 ? "negative" : "positive");
            }
            p.post(step, form);
        }
    }
}
