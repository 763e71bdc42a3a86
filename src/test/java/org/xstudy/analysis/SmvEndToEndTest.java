package org.xstudy.analysis;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.SmvStudy;
import org.xstudy.study.TestStudies;

/**
 * Issue 15: the Feldhus et al. (2023) SMV design end to end through the participant pages. Four participants on
 * two trial-sequence lists each see every one of 8 items under all four explanation types (heatmap, rationale,
 * template and LLM verbalization), predict the model's output (some answer "I don't know") and rate helpfulness and
 * ease on 1–7 scales. The paper's table, per explanation type, is the mean over participants of each one's mean
 * accuracy, helpfulness and ease on four subsets: all items, items whose coverage is above its mean, items the model
 * gets wrong, and answers that disagree with the model. The test computes it by hand from what the participants
 * posted and requires the API (and the results page) to report the same.
 */
@QuarkusTest
class SmvEndToEndTest {

    private static final int ITEMS = 8;
    private static final int PARTICIPANTS = 4;
    private static final Pattern TRIAL = Pattern.compile("main:(s\\d{4})@([a-z]+)");
    private static final List<String> SUBSETS = List.of("all", "cov:coverage>mean", "model:wrong", "answer:disagrees");

    /** One answered trial as the participant gave it. */
    private record Given(int participant, int item, String condition, boolean dontKnow, boolean correct,
                         int helpfulness, int ease) {

        boolean agrees() {
            return correct;
        }
    }

    @Test
    void theSmvTableIsTheMeanOfParticipantsMeansOnFourSubsets() throws Exception {
        ObjectNode spec = SmvStudy.spec(ITEMS, 12, 2);
        long id = TestStudies.create(spec);
        given().header("X-API-Key", TestStudies.KEY).post("/api/studies/" + id + "/open").then().statusCode(200);
        String slug = spec.get("slug").asText();
        List<Given> given = new ArrayList<>();
        for (int p = 0; p < PARTICIPANTS; p++) {
            given.addAll(take(slug, p));
        }
        assertEquals(PARTICIPANTS * ITEMS * 4, given.size(), "every participant saw every item under all four types");
        assertTrue(given.stream().anyMatch(Given::dontKnow));

        JsonPath r = given().header("X-API-Key", TestStudies.KEY).queryParam("resamples", 200)
                .queryParam("permutations", 10).queryParam("subset", SUBSETS.subList(1, 4).toArray())
                .get("/api/studies/" + id + "/analysis").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        double coverageMean = java.util.stream.IntStream.range(0, ITEMS).mapToDouble(SmvStudy::coverage).average()
                .orElseThrow();
        Map<String, Predicate<Given>> subsets = new LinkedHashMap<>();
        subsets.put("all", g -> true);
        subsets.put("cov:coverage>mean", g -> SmvStudy.coverage(g.item()) > coverageMean);
        subsets.put("model:wrong", g -> SmvStudy.modelWrong(g.item()));
        subsets.put("answer:disagrees", g -> !g.agrees());
        int checked = 0;
        for (var subset : subsets.entrySet()) {
            for (String condition : SmvStudy.CONDITIONS) {
                List<Given> cell = given.stream().filter(g -> g.condition().equals(condition))
                        .filter(subset.getValue()).toList();
                String where = "withoutExclusions.simulation.find { it.kind == 'forward' && it.phase == 'main' "
                        + "&& it.condition == '" + condition + "' && it.subset == '" + subset.getKey() + "' }";
                Map<String, Object> acc = r.getMap(where);
                assertNotNull(acc, where);
                String what = subset.getKey() + " / " + condition;
                assertEquals(participantMean(cell, g -> g.correct() ? 1 : 0), ((Number) acc.get("participantMean"))
                        .doubleValue(), 1e-9, "accuracy " + what);
                assertEquals(acc.get("macro"), acc.get("participantMean"), "the older name of the same figure");
                assertEquals(cell.stream().filter(Given::correct).count() / (double) cell.size(),
                        ((Number) acc.get("pooled")).doubleValue(), 1e-9, "pooled accuracy " + what);
                assertNotNull(acc.get("participantMeanCi"));
                for (String scale : List.of("helpfulness", "ease")) {
                    Map<String, Object> rating = r.getMap("withoutExclusions.ratings.find { it.scale == '" + scale
                            + "' && it.condition == '" + condition + "' && it.subset == '" + subset.getKey()
                            + "' && it.item == null }");
                    assertNotNull(rating, scale + " " + what);
                    java.util.function.ToIntFunction<Given> value = scale.equals("ease") ? Given::ease
                            : Given::helpfulness;
                    assertEquals(participantMean(cell, value), ((Number) rating.get("participantMean"))
                            .doubleValue(), 1e-9, scale + " " + what);
                    assertEquals(cell.stream().mapToInt(value).average().orElseThrow(),
                            ((Number) rating.get("pooledMean")).doubleValue(), 1e-9, "pooled " + scale + " " + what);
                    assertNotNull(rating.get("participantMeanCi"), scale + " " + what);
                }
                checked++;
            }
        }
        assertEquals(16, checked);
        System.out.println("SMV table: 4 subsets x 4 explanation types checked (accuracy, helpfulness, ease)");

        String page = given().header("X-API-Key", TestStudies.KEY).queryParam("resamples", 50)
                .queryParam("subset", "model:wrong", "cov:coverage>mean", "").get("/api/studies/" + id + "/results")
                .then().statusCode(200).extract().asString();
        assertTrue(page.contains("data-subset=\"model:wrong\"") && page.contains("data-subset=\"cov:coverage&gt;mean\""),
                "the results page shows both requested subsets");
        assertTrue(page.contains("mean of participants&#39; means") || page.contains("mean of participants' means"));

        checkWideCsv(id, given);
        checkLongCsv(id);
    }

    /** Each answer row carries its own trial's condition: one participant's item under all four types. */
    private static void checkLongCsv(long id) throws Exception {
        String csv = given().header("X-API-Key", TestStudies.KEY).queryParam("format", "long-csv")
                .queryParam("includeProlificPid", true).get("/api/studies/" + id + "/export").then().statusCode(200)
                .extract().asString();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            java.util.Set<String> conditions = new java.util.TreeSet<>();
            java.util.Set<String> ratedConditions = new java.util.TreeSet<>();
            for (CSVRecord row : parser.getRecords()) {
                if (row.get("prolific_pid").equals("SMV-1") && row.get("item").equals("s0003")) {
                    (row.get("kind").equals("forward") ? conditions : ratedConditions).add(row.get("condition"));
                    assertEquals("0.75", row.get("cov_coverage"));
                }
            }
            assertEquals(new java.util.TreeSet<>(SmvStudy.CONDITIONS), conditions);
            assertEquals(new java.util.TreeSet<>(SmvStudy.CONDITIONS), ratedConditions, "ratings carry it too");
        }
    }

    /** The wide CSV's per-condition accuracy of each participant equals what they answered. */
    private static void checkWideCsv(long id, List<Given> given) throws Exception {
        String csv = given().header("X-API-Key", TestStudies.KEY).queryParam("format", "wide-csv")
                .queryParam("includeProlificPid", true).get("/api/studies/" + id + "/export").then().statusCode(200)
                .extract().asString();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            List<CSVRecord> rows = parser.getRecords();
            assertEquals(PARTICIPANTS, rows.size());
            for (CSVRecord row : rows) {
                int p = Integer.parseInt(row.get("prolific_pid").substring("SMV-".length()));
                for (String c : SmvStudy.CONDITIONS) {
                    List<Given> mine = given.stream().filter(g -> g.participant() == p && g.condition().equals(c))
                            .toList();
                    assertEquals(mine.stream().filter(Given::correct).count() / (double) mine.size(),
                            Double.parseDouble(row.get("forward_accuracy_" + c)), 1e-9);
                    assertEquals(mine.stream().mapToInt(Given::ease).average().orElseThrow(),
                            Double.parseDouble(row.get("rating_ease_mean_" + c)), 1e-9);
                }
                assertTrue(Double.parseDouble(row.get("cov_coverage_mean")) >= 0);
            }
        }
    }

    private static double participantMean(List<Given> cell, java.util.function.ToIntFunction<Given> value) {
        Map<Integer, double[]> byParticipant = new HashMap<>();
        for (Given g : cell) {
            double[] s = byParticipant.computeIfAbsent(g.participant(), k -> new double[2]);
            s[0] += value.applyAsInt(g);
            s[1]++;
        }
        return byParticipant.values().stream().mapToDouble(s -> s[0] / s[1]).average().orElseThrow();
    }

    /** Participant {@code p} takes the study through its pages; returns what they answered on each trial. */
    private static List<Given> take(String slug, int p) {
        ParticipantClient client = new ParticipantClient(slug);
        client.join("SMV-" + p);
        List<Given> out = new ArrayList<>();
        for (String html = client.page().asString(); html.contains("name=\"step\""); html = client.page().asString()) {
            String step = group("name=\"step\" value=\"([^\"]+)\"", html);
            String kind = group("data-kind=\"([^\"]+)\"", html);
            Map<String, String> form = new HashMap<>(ParticipantClient.validAnswer(kind, step));
            Matcher m = TRIAL.matcher(step);
            if (kind.equals("forward") && m.matches()) {
                int item = Integer.parseInt(m.group(1).substring(1));
                String condition = m.group(2);
                int k = SmvStudy.CONDITIONS.indexOf(condition);
                assertTrue(html.contains("value=\"dont_know\""), "the trial offers \"I don't know\"");
                if (condition.equals("llm")) {
                    assertTrue(html.contains("how the review describes the story"), "the LLM verbalization is shown");
                }
                String model = SmvStudy.modelPositive(item) ? "positive" : "negative";
                String other = SmvStudy.modelPositive(item) ? "negative" : "positive";
                boolean dontKnow = (p + item + k) % 7 == 0;
                boolean right = !dontKnow && (p * 3 + item + 2 * k) % 3 != 0;
                int helpfulness = 1 + (p + item + 2 * k) % 7;
                int ease = 1 + (2 * p + item + k) % 7;
                form.remove("rating.confidence");
                form.put("guess", dontKnow ? "dont_know" : right ? model : other);
                form.put("rating.helpfulness", String.valueOf(helpfulness));
                form.put("rating.ease", String.valueOf(ease));
                out.add(new Given(p, item, condition, dontKnow, right, helpfulness, ease));
            }
            assertEquals(303, client.post(step, form).statusCode(), step);
        }
        return out;
    }

    private static String group(String regex, String html) {
        Matcher m = Pattern.compile(regex).matcher(html);
        return m.find() ? m.group(1) : null;
    }
}
