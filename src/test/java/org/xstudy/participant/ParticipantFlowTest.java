package org.xstudy.participant;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.study.TestStudies;

@QuarkusTest
class ParticipantFlowTest {

    @Inject
    DataSource db;

    @Test
    void walksTheWholeDemoAndStoresEveryAnswerOnce() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        Response join = p.join("PID-WALK-1");
        assertEquals(303, join.statusCode());
        assertTrue(join.getHeader("Set-Cookie").contains("HttpOnly"));
        assertTrue(join.getHeader("Set-Cookie").toLowerCase().contains("samesite=lax"));
        assertTrue(p.cookie.length() >= 43, "token carries at least 128 random bits");
        int steps = p.finish();
        String end = p.page().asString();
        assertTrue(end.contains("XSDEMO42"), end);
        long participant = scalar("SELECT id FROM participant WHERE external_pid = 'PID-WALK-1'");
        assertEquals("completed", text("SELECT status FROM participant WHERE id = " + participant));
        assertEquals(steps, scalar("SELECT count(DISTINCT step_key) FROM response WHERE participant_id = " + participant));
        assertEquals(0, scalar("SELECT count(*) FROM (SELECT step_key, question FROM response WHERE participant_id = "
                + participant + " GROUP BY 1, 2 HAVING count(*) > 1) d"));
        assertEquals(0, scalar("SELECT count(*) FROM response WHERE participant_id = " + participant
                + " AND (shown_at IS NULL OR answered_at IS NULL OR answered_at < shown_at)"));
        assertEquals("s1", text("SELECT prolific_study_id FROM participant WHERE id = " + participant));
    }

    @Test
    void doubleSubmitReloadAndBackButtonNeverDuplicateOrLose() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-DOUBLE");
        String consent = p.currentStep();
        assertEquals(303, p.post(consent, Map.of("consent", "yes")).statusCode());
        assertEquals(303, p.post(consent, Map.of("consent", "yes")).statusCode(), "double submit is absorbed");
        assertEquals(303, p.post(consent, Map.of("consent", "no")).statusCode(), "back button: old step ignored");
        String next = p.currentStep();
        assertNotEquals(consent, next);
        assertEquals(next, p.currentStep(), "a reload shows the same step");
        long id = scalar("SELECT id FROM participant WHERE external_pid = 'PID-DOUBLE'");
        assertEquals(1, scalar("SELECT count(*) FROM response WHERE participant_id = " + id));
        assertEquals("yes", text("SELECT answer FROM response WHERE participant_id = " + id));
    }

    @Test
    void resumesAfterClosingTheBrowserWithTheSamePid() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient first = new ParticipantClient(slug);
        first.join("PID-RESUME");
        String s1 = first.currentStep();
        first.post(s1, ParticipantClient.validAnswer(first.currentKind(), s1));
        String s2 = first.currentStep();
        ParticipantClient again = new ParticipantClient(slug);
        assertEquals(303, again.join("PID-RESUME").statusCode());
        assertEquals(s2, again.currentStep());
        assertEquals(1, scalar("SELECT count(*) FROM participant WHERE external_pid = 'PID-RESUME'"));
        ParticipantClient cookieOnly = new ParticipantClient(slug);
        cookieOnly.cookie = first.cookie;
        cookieOnly.join(null);
        assertEquals(s2, cookieOnly.currentStep());
    }

    @Test
    void invalidAnswersAre4xxAndWriteNothing() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-INVALID");
        long id = scalar("SELECT id FROM participant WHERE external_pid = 'PID-INVALID'");
        while (!"forward".equals(p.currentKind()) || !p.currentStep().startsWith("post:")) {
            String step = p.currentStep();
            p.post(step, ParticipantClient.validAnswer(p.currentKind(), step));
        }
        String step = p.currentStep();
        long before = scalar("SELECT count(*) FROM response WHERE participant_id = " + id);
        Response r = p.post(step, Map.of("guess", "positive", "rating.confidence", "9"));
        assertEquals(400, r.statusCode());
        r.then().body(containsString("Must be between 1 and 5"));
        assertEquals(400, p.post(step, Map.of("guess", "maybe", "rating.confidence", "3")).statusCode());
        assertEquals(400, p.post(step, Map.of("guess", "positive")).statusCode());
        assertEquals(400, p.post("post:not-an-item", Map.of("guess", "positive")).statusCode());
        assertEquals(before, scalar("SELECT count(*) FROM response WHERE participant_id = " + id));
        assertEquals(step, p.currentStep());
    }

    @Test
    void participantsCannotReachAnotherSession() throws Exception {
        String slugA = TestStudies.open(TestStudies.demo(s -> { }));
        String slugB = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient a = new ParticipantClient(slugA);
        a.join("PID-A");
        ParticipantClient intruder = new ParticipantClient(slugB);
        intruder.cookie = a.cookie;
        assertEquals(401, intruder.page().statusCode(), "a token of study A opens nothing in study B");
        ParticipantClient forged = new ParticipantClient(slugA);
        forged.cookie = "forged-token-forged-token-forged-token-xyz";
        assertEquals(401, forged.page().statusCode());
        String step = a.currentStep();
        assertEquals(401, forged.post(step, Map.of("consent", "yes")).statusCode());
        assertEquals(0, scalar("SELECT count(*) FROM response r JOIN participant p ON p.id = r.participant_id "
                + "WHERE p.external_pid = 'PID-A'"));
    }

    @Test
    void closedAndPausedStudiesRecordNothing() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        TestStudies.action(slug, "pause");
        ParticipantClient p = new ParticipantClient(slug);
        Response paused = p.join("PID-PAUSED");
        assertEquals(503, paused.statusCode());
        paused.then().body(containsString("paused"));
        TestStudies.action(slug, "close");
        Response closed = p.join("PID-CLOSED");
        assertEquals(410, closed.statusCode());
        closed.then().body(containsString("closed"));
        assertEquals(0, scalar("SELECT count(*) FROM participant p JOIN study s ON s.id = p.study_id "
                + "WHERE s.slug = '" + slug + "'"));
    }

    @Test
    void fullStudyTurnsAwayAndTimeoutFreesThePlace() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> ((ObjectNode) s.get("participants"))
                .put("maxParticipants", 1).put("timeoutMinutes", 5)));
        ParticipantClient first = new ParticipantClient(slug);
        assertEquals(303, first.join("PID-FULL-1").statusCode());
        ParticipantClient second = new ParticipantClient(slug);
        Response full = second.join("PID-FULL-2");
        assertEquals(409, full.statusCode());
        full.then().body(containsString("full"));
        execute("UPDATE participant SET last_seen_at = now() - interval '10 minutes' WHERE external_pid = 'PID-FULL-1'");
        assertEquals(303, second.join("PID-FULL-2").statusCode(), "the timed-out place is free again");
        assertEquals("timed_out", text("SELECT status FROM participant WHERE external_pid = 'PID-FULL-1'"));
        Response expired = first.page();
        assertEquals(410, expired.statusCode());
        expired.then().body(containsString("expired"));
    }

    @Test
    void failingTheComprehensionCheckTwiceScreensOut() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-SCREEN");
        while (!"comprehension".equals(p.currentKind())) {
            String step = p.currentStep();
            p.post(step, ParticipantClient.validAnswer(p.currentKind(), step));
        }
        String attempt1 = p.currentStep();
        p.post(attempt1, Map.of("q.task", "How much I liked the movie"));
        String attempt2 = p.currentStep();
        assertNotEquals(attempt1, attempt2);
        assertTrue(p.page().asString().contains("try once more"));
        p.post(attempt2, Map.of("q.task", "Whether the review is really positive"));
        String end = p.page().asString();
        assertTrue(end.contains("XSSCREEN"), end);
        assertEquals("screened_out", text("SELECT status FROM participant WHERE external_pid = 'PID-SCREEN'"));
        assertNotNull(text("SELECT finished_at FROM participant WHERE external_pid = 'PID-SCREEN'"));
    }

    @Test
    void sixtyJoinsAcrossThreeConditionsAreBalanced() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> {
            var conditions = s.putArray("conditions");
            conditions.addObject().put("id", "heat").put("explanation", "heatmap");
            conditions.addObject().put("id", "verbal").put("explanation", "verbalization");
            conditions.addObject().put("id", "none").put("explanation", "none");
        }));
        for (int i = 0; i < 60; i++) {
            assertEquals(303, new ParticipantClient(slug).join("PID-BAL-" + i).statusCode());
        }
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT grp_label, count(*) FROM participant p JOIN study s ON s.id = p.study_id WHERE s.slug = '"
                        + slug + "' GROUP BY 1")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        assertEquals(Map.of("heat", 20L, "verbal", 20L, "none", 20L), new HashMap<>(counts));
    }

    @Test
    void eachConditionSeesItsOwnRepresentation() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient heatmap = new ParticipantClient(slug);
        heatmap.join("PID-REP-1");
        ParticipantClient rationale = new ParticipantClient(slug);
        rationale.join("PID-REP-2");
        for (ParticipantClient p : List.of(heatmap, rationale)) {
            while (!"learning".equals(p.currentKind())) {
                String step = p.currentStep();
                p.post(step, ParticipantClient.validAnswer(p.currentKind(), step));
            }
        }
        String h = heatmap.page().asString();
        String r = rationale.page().asString();
        assertTrue(h.contains("xh-heatmap") && !h.contains("xh-rationale"), "heatmap condition");
        assertTrue(r.contains("<mark class=\"xh-r\">") && !r.contains("xh-heatmap"), "rationale condition");
    }

    @Test
    void previewWalksTheStudyWithoutRecording() throws Exception {
        ObjectNode spec = TestStudies.demo(s -> { });
        long id = TestStudies.create(spec);
        String preview = io.restassured.RestAssured.given().header("X-API-Key", TestStudies.KEY)
                .get("/api/studies/" + id + "/links").then().extract().path("previewUrl");
        String path = preview.substring(preview.indexOf("/s/"));
        Response start = io.restassured.RestAssured.given().redirects().follow(false).get(path);
        assertEquals(303, start.statusCode());
        String cookie = start.getCookie(ParticipantPages.PREVIEW_COOKIE);
        String slug = spec.get("slug").asText();
        String html = io.restassured.RestAssured.given().cookie(ParticipantPages.PREVIEW_COOKIE, cookie)
                .get("/s/" + slug + "/preview/step").asString();
        assertTrue(html.contains("nothing you answer is recorded"));
        String step = ParticipantClient.group(java.util.regex.Pattern.compile("name=\"step\" value=\"([^\"]+)\""), html);
        io.restassured.RestAssured.given().redirects().follow(false).cookie(ParticipantPages.PREVIEW_COOKIE, cookie)
                .contentType("application/x-www-form-urlencoded").formParams(Map.of("step", step, "consent", "yes"))
                .post("/s/" + slug + "/preview/step").then().statusCode(303);
        assertEquals(0, scalar("SELECT count(*) FROM participant WHERE study_id = " + id));
        assertEquals(0, scalar("SELECT count(*) FROM response WHERE study_id = " + id));
    }

    long scalar(String sql) throws Exception {
        return new org.xstudy.TestDb(db).scalar(sql);
    }

    String text(String sql) throws Exception {
        return new org.xstudy.TestDb(db).text(sql);
    }

    void execute(String sql) throws Exception {
        new org.xstudy.TestDb(db).execute(sql);
    }
}
