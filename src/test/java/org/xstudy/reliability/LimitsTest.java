package org.xstudy.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.TestStudies;

/** Join rate limit per client and study, too-fast answers flagged, body-size limits. */
@QuarkusTest
class LimitsTest {

    @Inject
    DataSource db;

    @Test
    void joinsBeyondTheRatePerClientAndStudyGet429WithRetryAfter() {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient first = new ParticipantClient(slug);
        assertEquals(303, first.join("RL-0").statusCode());
        Response limited = null;
        int joined = 1;
        while (limited == null && joined < 150) {
            Response r = new ParticipantClient(slug).join("RL-" + joined);
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertEquals(303, r.statusCode());
                joined++;
            }
        }
        assertNotNull(limited, "the join rate (100 a minute in tests, refilled continuously) was never exceeded");
        assertTrue(joined >= 100, "the first 100 joins pass: " + joined);
        assertNotNull(limited.getHeader("Retry-After"));
        assertTrue(Integer.parseInt(limited.getHeader("Retry-After")) >= 1);
        assertEquals(303, first.join(null).statusCode(), "resuming with the session cookie is not limited");
        String other = TestStudies.open(TestStudies.demo(s -> { }));
        assertEquals(303, new ParticipantClient(other).join("RL-OTHER").statusCode(), "another study has its own limit");
    }

    @Test
    void aFormFieldWithoutANameIsABadRequestAndStoresNothing() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-NAMELESS");
        String consent = p.currentStep();
        io.restassured.RestAssured.given().redirects().follow(false)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .cookie("xs_session", p.cookie()).body("step=" + consent + "&consent=yes&=")
                .post("/s/" + slug + "/step").then().statusCode(400);
        assertEquals("0", text("SELECT count(*) FROM response r JOIN participant p ON p.id = r.participant_id "
                + "WHERE p.external_pid = 'PID-NAMELESS'"));
        assertEquals(consent, p.currentStep(), "the participant is still at the step");
    }

    @Test
    void answersFasterThanTheFloorAreFlagged() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-FAST");
        String consent = p.currentStep();
        Thread.sleep(400);
        assertEquals(303, p.post(consent, Map.of("consent", "yes")).statusCode());
        String second = text("SELECT plan->1->>'key' FROM participant WHERE external_pid = 'PID-FAST'");
        assertEquals(303, p.post(second, ParticipantClient.validAnswer("instructions", second)).statusCode(),
                "posted without the page ever being shown");
        assertFalse(flag("PID-FAST", consent), "400 ms after the page was shown is not too fast");
        assertTrue(flag("PID-FAST", second), "an answer right after the page was shown is too fast");
    }

    @Test
    void bodiesOverTheLimitGet413ProblemJson() throws Exception {
        String big = "x".repeat(2 * 1024 * 1024 + 10);
        long studies = count("SELECT count(*) FROM study");
        try {
            given().header("X-API-Key", TestStudies.KEY).contentType("application/json").body("\"" + big + "\"")
                    .post("/api/studies").then().statusCode(413);
        } catch (Exception e) {
            if (!(e instanceof java.net.SocketException)) {
                throw e;
            }
            // the server may answer 413 and close the connection before the client has sent the whole body
        }
        assertEquals(studies, count("SELECT count(*) FROM study"));
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-BIG");
        int status = p.post(p.currentStep(), Map.of("consent", "x".repeat(70 * 1024))).statusCode();
        assertTrue(status == 413 || status == 400, "a form field over 64 KB is refused: " + status);
        assertEquals(0L, count("SELECT count(*) FROM response r JOIN participant p ON p.id = r.participant_id "
                + "WHERE p.external_pid = 'PID-BIG'"));
    }

    private boolean flag(String pid, String step) throws Exception {
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT bool_and("
                + "r.too_fast) FROM response r JOIN participant p ON p.id = r.participant_id WHERE p.external_pid = '"
                + pid + "' AND r.step_key = '" + step + "'")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private String text(String sql) throws Exception {
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
