package org.xstudy.analysis.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.TestStudies;

/** The analysis, exclusion and export endpoints on a demo study taken by real participants, on PostgreSQL. */
@QuarkusTest
class AnalysisApiTest {

    private static final String KEY = TestStudies.KEY;

    @Inject
    DataSource db;

    /** Study shared by the tests that only read it (taking it is slow). */
    private static long sharedId;
    private static String sharedSlug;

    long id;
    String slug;

    @BeforeEach
    void study() {
        if (sharedSlug == null) {
            takeNewStudy();
            sharedId = id;
            sharedSlug = slug;
        }
        id = sharedId;
        slug = sharedSlug;
    }

    /** A new demo study taken by three participants who finish and one who quits after one step. */
    void takeNewStudy() {
        var spec = TestStudies.demo(s -> { });
        id = TestStudies.create(spec);
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/open").then().statusCode(200);
        slug = spec.get("slug").asText();
        for (int i = 0; i < 3; i++) {
            ParticipantClient p = new ParticipantClient(slug);
            p.join("PROLIFIC-" + slug + "-" + i);
            p.finish();
        }
        ParticipantClient quitter = new ParticipantClient(slug);
        quitter.join("PROLIFIC-" + slug + "-quit");
        String step = quitter.currentStep();
        quitter.post(step, ParticipantClient.validAnswer(quitter.currentKind(), step));
    }

    private long storedAnswers() throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM response WHERE study_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<CSVRecord> csv(String body) throws IOException {
        try (CSVParser p = CSVParser.parse(new StringReader(body),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return p.getRecords();
        }
    }

    private JsonPath analysis(String query) {
        return given().header("X-API-Key", KEY).get("/api/studies/" + id + "/analysis" + query).then()
                .statusCode(200).contentType("application/json").extract().jsonPath();
    }

    @Test
    void analysisReportsWithAndWithoutExclusionsWithParametersAndSeed() {
        JsonPath a = analysis("?resamples=200&permutations=500&seed=5");
        assertEquals(5, a.getLong("params.seed"));
        assertEquals(200, a.getInt("params.resamples"));
        assertEquals(500, a.getInt("params.permutations"));
        assertEquals(4, a.getInt("withoutExclusions.participants"));
        assertEquals(3, a.getInt("withExclusions.participants"), "the incomplete session is excluded");
        assertEquals(List.of("INCOMPLETE"), a.getList("exclusions.rule"));
        List<String> phases = a.getList("withExclusions.simulation.findAll { it.kind == 'forward' }.phase");
        assertTrue(phases.containsAll(Set.of("pre", "post")), phases.toString());
        assertFalse(a.getList("withExclusions.simulation.findAll { it.kind == 'counterfactual' }").isEmpty());
        assertFalse(a.getList("withExclusions.ratings").isEmpty());
        assertEquals("control", a.getString("control"), "the demo flags its condition 'control'");
        assertTrue(a.getString("baseline").contains("'control'"), a.getString("baseline"));
        assertTrue(a.getList("withoutExclusions.versusControl.control").stream().allMatch("control"::equals));
        Map<String, Integer> perCondition = a.getMap("withExclusions.participantsPerCondition");
        assertFalse(perCondition.containsKey("unknown"), "consent and debrief answers are no condition");
        assertEquals(3, perCondition.values().stream().mapToInt(Integer::intValue).sum(),
                "between subjects: one condition per participant");
        // the same seed gives the same intervals
        JsonPath again = analysis("?resamples=200&permutations=500&seed=5");
        assertEquals(a.getList("withExclusions.simulation.macroCi").toString(),
                again.getList("withExclusions.simulation.macroCi").toString());
    }

    @Test
    void badParametersAreRejectedWithPointers() {
        given().header("X-API-Key", KEY).get("/api/studies/" + id + "/analysis?resamples=-1&confidence=2").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/resamples")).body("errors.pointer", hasItem("/confidence"));
        given().header("X-API-Key", KEY).get("/api/studies/" + id + "/analysis?control=nope").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/control"));
        given().header("X-API-Key", KEY).get("/api/studies/" + id + "/export?format=xlsx").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/format"));
    }

    @Test
    void endpointsRequireTheCredential() {
        for (String path : List.of("/analysis", "/export", "/codebook", "/exclusions", "/results")) {
            given().get("/api/studies/" + id + path).then().statusCode(401);
            given().header("X-API-Key", "wrong").get("/api/studies/" + id + path).then().statusCode(401);
        }
        given().contentType("application/json").body("{\"participant\":\"x\",\"reason\":\"y\"}")
                .post("/api/studies/" + id + "/exclusions").then().statusCode(401);
    }

    @Test
    void someoneElsesStudyAndMissingStudiesAre404() throws SQLException {
        long other;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO study (slug, title, spec, spec_version, owner, preview_token) "
                        + "SELECT slug || '-other', title, spec, spec_version, 'someone-else', 'tok' FROM study "
                        + "WHERE id = ? RETURNING id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                other = rs.getLong(1);
            }
        }
        for (long study : new long[] {other, 987654321L}) {
            for (String path : List.of("/analysis", "/export", "/export?format=wide-csv", "/codebook",
                    "/exclusions", "/results")) {
                given().header("X-API-Key", KEY).get("/api/studies/" + study + path).then().statusCode(404)
                        .contentType("application/problem+json");
            }
            given().header("X-API-Key", KEY).contentType("application/json")
                    .body("{\"participant\":\"x\",\"reason\":\"y\"}").post("/api/studies/" + study + "/exclusions")
                    .then().statusCode(404);
        }
    }

    @Test
    void longCsvHasEveryStoredAnswerOnceAndNoProlificIdUnlessAsked() throws IOException, SQLException {
        Response r = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/export?format=long-csv");
        r.then().statusCode(200).contentType("text/csv");
        assertTrue(r.header("Content-Disposition").matches(
                "attachment; filename=\"" + slug + "_long_\\d{8}T\\d{6}Z\\.csv\""), r.header("Content-Disposition"));
        String body = r.asString();
        List<CSVRecord> rows = csv(body);
        assertEquals(storedAnswers(), rows.size());
        assertFalse(body.contains("PROLIFIC-"), "no raw Prolific PID by default");
        Set<String> participants = rows.stream().map(x -> x.get("participant")).collect(Collectors.toSet());
        assertEquals(4, participants.size());
        participants.forEach(p -> assertTrue(p.matches("[0-9a-f-]{36}"), p));
        assertTrue(rows.stream().anyMatch(x -> x.get("kind").equals("forward") && x.get("phase").equals("post")
                && !x.get("model_output").equals("NA") && !x.get("correct").equals("NA")
                && !x.get("shown_at").isEmpty() && x.get("client_response_ms").equals("1234")));
        assertTrue(rows.stream().anyMatch(x -> x.get("kind").equals("rating")
                && x.get("rating_scale").equals("helpfulness") && !x.get("rating_value").equals("NA")));
        assertTrue(rows.stream().anyMatch(x -> x.get("excluded").equals("TRUE")));
        assertTrue(rows.stream().filter(x -> x.get("excluded").equals("TRUE"))
                .allMatch(x -> x.get("exclusion_reasons").equals("INCOMPLETE")));

        String withPid = given().header("X-API-Key", KEY)
                .get("/api/studies/" + id + "/export?format=long-csv&includeProlificPid=true").asString();
        assertTrue(csv(withPid).stream().allMatch(x -> x.get("prolific_pid").startsWith("PROLIFIC-" + slug)));
    }

    @Test
    void wideCsvJsonAndCodebook() throws IOException, SQLException {
        String wide = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/export?format=wide-csv")
                .then().statusCode(200).extract().asString();
        List<CSVRecord> rows = csv(wide);
        assertEquals(4, rows.size());
        assertEquals(1, rows.stream().filter(x -> x.get("completed").equals("FALSE")).count());
        assertTrue(rows.stream().filter(x -> x.get("completed").equals("TRUE"))
                .allMatch(x -> !x.get("forward_accuracy").equals("NA") && !x.get("rating_helpfulness_mean").equals("NA")
                        && x.get("status").equals("completed") && x.get("prolific_study_id").equals("s1")
                        && Double.parseDouble(x.get("duration_s")) >= 0 && !x.get("q_questionnaire_age").equals("NA")));
        assertEquals(List.of("active"), rows.stream().filter(x -> x.get("completed").equals("FALSE"))
                .map(x -> x.get("status")).toList());

        List<Map<String, Object>> json = given().header("X-API-Key", KEY)
                .get("/api/studies/" + id + "/export?format=json").then().statusCode(200)
                .contentType("application/json").extract().jsonPath().getList("$");
        assertEquals(storedAnswers(), json.size());

        JsonPath codebook = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/codebook?format=json")
                .then().statusCode(200).extract().jsonPath();
        List<String> wideColumns = codebook.getList("files.find { it.file == 'wide-csv' }.columns.name");
        assertEquals("control", codebook.getString("control"));
        assertEquals(List.of("confidence", "ease", "helpfulness"), codebook.getList("ratingScales.id"),
                "the scales the data holds: the demo asks confidence with its post-test guesses");
        assertEquals(wideColumns, List.copyOf(rows.get(0).getParser().getHeaderNames()));
        String md = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/codebook").then().statusCode(200)
                .extract().asString();
        codebook.<String>getList("files.columns.name.flatten()")
                .forEach(c -> assertTrue(md.contains("`" + c + "`"), c));
    }

    @Test
    void manualExclusionsAreStoredAuditedAndWithdrawn() {
        takeNewStudy();
        String body = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/export?format=wide-csv")
                .asString();
        String participant = body.lines().skip(1).findFirst().orElseThrow().split(",")[1];

        given().header("X-API-Key", KEY).contentType("application/json")
                .body(Map.of("participant", participant, "reason", " ")).post("/api/studies/" + id + "/exclusions")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/reason"));
        long decision = given().header("X-API-Key", KEY).contentType("application/json")
                .body(Map.of("participant", participant, "reason", "Reported a broken display"))
                .post("/api/studies/" + id + "/exclusions").then().statusCode(201)
                .body("rule", equalTo("MANUAL")).body("decidedBy", equalTo(org.xstudy.account.Bootstrap.KEY_ACCOUNT))
                .extract().jsonPath().getLong("id");
        assertEquals(2, analysis("?resamples=50&permutations=50").getInt("withExclusions.participants"));

        given().header("X-API-Key", KEY).delete("/api/studies/" + id + "/exclusions/" + decision).then()
                .statusCode(204);
        given().header("X-API-Key", KEY).delete("/api/studies/" + id + "/exclusions/" + decision).then()
                .statusCode(404);
        JsonPath ex = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/exclusions").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("INCOMPLETE"), ex.getList("active.rule"));
        assertEquals("Reported a broken display",
                ex.getString("history.find { it.rule == 'MANUAL' }.reason"));
        assertEquals(org.xstudy.account.Bootstrap.KEY_ACCOUNT, ex.getString("history.find { it.rule == 'MANUAL' }.revokedBy"));
        assertEquals(3, analysis("?resamples=50&permutations=50").getInt("withExclusions.participants"));

        // turning the completion rule off revokes its decision, which stays in the history
        given().header("X-API-Key", KEY).contentType("application/json")
                .body(Map.of("requireComplete", false)).put("/api/studies/" + id + "/exclusions/rules").then()
                .statusCode(200).body("requireComplete", equalTo(false));
        JsonPath after = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/exclusions").then()
                .extract().jsonPath();
        assertTrue(after.getList("active").isEmpty());
        assertEquals("rules", after.getString("history.find { it.rule == 'INCOMPLETE' }.revokedBy"));
        assertEquals(4, analysis("?resamples=50&permutations=50").getInt("withExclusions.participants"));
    }

    @Test
    void participantsWithTooManyFastAnswersAreExcludedWhenTheRuleIsOn() throws SQLException {
        takeNewStudy();
        String fast = "PROLIFIC-" + slug + "-0";
        // the flags are set by the server as answers arrive; fix them here so that the counts are known exactly
        execute("UPDATE response SET too_fast = false WHERE study_id = " + id);
        execute("UPDATE response SET too_fast = true WHERE id IN (SELECT r.id FROM response r JOIN participant p "
                + "ON p.id = r.participant_id WHERE p.external_pid = '" + fast + "' ORDER BY r.id LIMIT 3)");
        String publicId = text("SELECT public_id::text FROM participant WHERE external_pid = '" + fast + "'");

        given().header("X-API-Key", KEY).contentType("application/json").body(Map.of("maxFastAnswers", -1))
                .put("/api/studies/" + id + "/exclusions/rules").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/maxFastAnswers"));
        Map<String, Object> rules = new java.util.HashMap<>();
        rules.put("maxAttentionFailures", null);
        rules.put("minMedianResponseMs", null);
        rules.put("requireComplete", false);
        rules.put("maxFastAnswers", 2);
        given().header("X-API-Key", KEY).contentType("application/json").body(rules)
                .put("/api/studies/" + id + "/exclusions/rules").then().statusCode(200)
                .body("maxFastAnswers", equalTo(2));
        JsonPath on = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/exclusions").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("FAST_ANSWERS"), on.getList("active.rule"));
        assertEquals(List.of(publicId), on.getList("active.participant"));
        assertEquals(3, on.getInt("participants.find { it.id == '" + publicId + "' }.fastAnswers"));
        assertEquals(3, analysis("?resamples=50&permutations=50").getInt("withExclusions.participants"));

        rules.put("maxFastAnswers", 3);
        given().header("X-API-Key", KEY).contentType("application/json").body(rules)
                .put("/api/studies/" + id + "/exclusions/rules").then().statusCode(200);
        JsonPath off = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/exclusions").then()
                .statusCode(200).extract().jsonPath();
        assertTrue(off.getList("active").isEmpty(), "3 fast answers are within a limit of 3");
        assertEquals("rules", off.getString("history.find { it.rule == 'FAST_ANSWERS' }.revokedBy"));
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = db.getConnection(); java.sql.Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void resultsPageHasChartsWithSvgDownloads() throws Exception {
        String html = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/results?resamples=100").then()
                .statusCode(200).contentType("text/html").extract().asString();
        assertTrue(html.contains("download=\"" + slug + "_accuracy.svg\""), "SVG download of the accuracy chart");
        assertTrue(html.contains("download=\"" + slug + "_pre-post.svg\""), "the demo is a pre/post design");
        assertTrue(html.contains("download=\"" + slug + "_ratings-helpfulness.svg\""));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)")
                .matcher(html);
        int charts = 0;
        while (m.find()) {
            byte[] svg = java.util.Base64.getDecoder().decode(m.group(1));
            javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(svg));
            charts++;
        }
        assertTrue(charts >= 3, "charts: " + charts);
        assertTrue(html.contains("<svg"), "charts are inline");
        assertTrue(html.contains("Compared with the control: control</h2>"), "the page names the baseline");
        assertTrue(html.contains("Condition &#39;control&#39; is the control"), "and says who chose it");
    }
}
