package org.xstudy.prolific;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.console.Users;
import org.xstudy.participant.ParticipantClient;

/**
 * The Prolific study of an xstudy study, against the stand-in: a draft with this study's join link and a typed
 * code per outcome, publish/pause/resume moving both studies, and submission sync by webhook and by polling
 * freeing the places of returned participants so that the next joiner gets the balanced group.
 */
@QuarkusTest
@QuarkusTestResource(StandInProlificResource.class)
class ProlificStudyTest {

    @Inject
    Users users;

    @Inject
    DataSource db;

    @Inject
    SubmissionSync sync;

    @TestHTTPResource("/")
    URL self;

    @Test
    void theDraftCarriesTheJoinLinkAndOneTypedCodePerOutcome() {
        ProlificFixture f = ProlificFixture.create(users);
        StandInProlificApi prolific = StandInProlificResource.api();
        String id = f.api().body(ProlificFixture.draft(40)).put("/api/studies/" + f.studyId + "/prolific").then()
                .statusCode(200).body("status", equalTo("UNPUBLISHED")).extract().jsonPath()
                .getString("prolificStudyId");
        JsonNode sent = prolific.study(id);
        assertEquals("https://xstudy.test.example/s/" + f.slug + "?PROLIFIC_PID={{%PROLIFIC_PID%}}"
                + "&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}", sent.get("external_study_url").asText());
        assertEquals("url_parameters", sent.get("prolific_id_option").asText());
        assertEquals(150, sent.get("reward").asInt());
        assertEquals(40, sent.get("total_available_places").asInt());
        JsonPath spec = f.participants();
        Map<String, String> byType = new HashMap<>();
        sent.get("completion_codes").forEach(c -> byType.put(c.get("code_type").asText(), c.get("code").asText()));
        assertEquals(Map.of("COMPLETED", spec.getString("participants.completionCode"),
                "NO_CONSENT", spec.getString("participants.noConsentCode"),
                "FAILED_ATTENTION_CHECK", spec.getString("participants.failedAttentionCode"),
                "FIXED_SCREENOUT", spec.getString("participants.screenOutCode")), byType);
        assertEquals(prolific.apiUrl().replace("/api/v1/", "/submissions/complete?cc={code}"),
                spec.getString("participants.completionUrl"), "participants are sent back to Prolific");

        f.api().body(Map.of("title", "")).put("/api/studies/" + f.studyId + "/prolific").then().statusCode(400)
                .contentType("application/problem+json").body("errors.pointer", org.hamcrest.Matchers.hasItems(
                        "/title", "/rewardCents", "/places"));
        Map<String, Object> more = new HashMap<>(ProlificFixture.draft(60));
        f.api().body(more).put("/api/studies/" + f.studyId + "/prolific").then().statusCode(200)
                .body("prolificStudyId", equalTo(id));
        assertEquals(60, prolific.study(id).get("total_available_places").asInt(), "the draft was updated");
        assertEquals(1, prolific.calls("PATCH", "/api/v1/studies/" + id + "/").size());
    }

    @Test
    void publishPauseAndResumeMoveBothStudies() {
        ProlificFixture f = ProlificFixture.create(users);
        StandInProlificApi prolific = StandInProlificResource.api();
        String id = f.publish(10);
        assertEquals("ACTIVE", prolific.study(id).get("status").asText());
        f.api().get("/api/studies/" + f.studyId).then().body("status", equalTo("open"));
        f.api().get("/api/studies/" + f.studyId + "/prolific").then().body("webhook", equalTo(true))
                .body("status", equalTo("ACTIVE"));
        f.api().post("/api/studies/" + f.studyId + "/prolific/pause").then().statusCode(200)
                .body("status", equalTo("PAUSED"));
        f.api().get("/api/studies/" + f.studyId).then().body("status", equalTo("paused"));
        f.api().post("/api/studies/" + f.studyId + "/prolific/resume").then().statusCode(200)
                .body("status", equalTo("ACTIVE"));
        f.api().get("/api/studies/" + f.studyId).then().body("status", equalTo("open"));
        f.api().body(ProlificFixture.draft(5)).put("/api/studies/" + f.studyId + "/prolific").then().statusCode(409);
        assertEquals(1, prolific.calls("POST", "/api/v1/hooks/subscriptions/").stream()
                .filter(c -> c.body().contains("/hooks/prolific/" + f.studyId + "\"")).count());
    }

    /** Every node runs the poll schedule; the poll is claimed in PostgreSQL, so a second node's tick skips it. */
    @Test
    void scheduledPollsOfSeveralNodesReachProlificOncePerInterval() {
        ProlificFixture f = ProlificFixture.create(users);
        StandInProlificApi prolific = StandInProlificResource.api();
        String id = f.publish(10);
        String submissions = "/api/v1/studies/" + id + "/submissions/";
        int before = prolific.calls("GET", submissions).size();
        sync.pollAll();
        int once = prolific.calls("GET", submissions).size();
        assertTrue(once > before, "the first node's tick polls the study");
        sync.pollAll();
        assertEquals(once, prolific.calls("GET", submissions).size(), "the second tick within the interval skips it");
    }

    @Test
    void returnedSubmissionsFreeTheirPlaceByWebhookAndByPolling() throws Exception {
        ProlificFixture f = ProlificFixture.create(users);
        StandInProlificApi prolific = StandInProlificResource.api();
        prolific.deliverHooksTo(self.toString().replaceAll("/$", ""));
        String id = f.publish(10);
        Map<String, String> sessions = new HashMap<>();
        for (String pid : new String[] {"P1", "P2", "P3", "P4"}) {
            sessions.put(pid, join(f, prolific, id, pid));
        }
        assertEquals(Map.of("P1", 0, "P2", 1, "P3", 0, "P4", 1), Map.of("P1", group(f, "P1"), "P2", group(f, "P2"),
                "P3", group(f, "P3"), "P4", group(f, "P4")));

        prolific.setStatus(sessions.get("P2"), "RETURNED");
        assertEquals("RETURNED", prolificStatus(f, "P2"), "the webhook was applied");
        join(f, prolific, id, "P5");
        assertEquals(1, group(f, "P5"), "P2's place in group 1 was freed, so the next joiner balances it");

        prolific.loseHooks(true);
        try {
            prolific.setStatus(sessions.get("P4"), "TIMED-OUT");
            assertNull(prolificStatus(f, "P4"), "the webhook was lost");
            f.api().post("/api/studies/" + f.studyId + "/prolific/sync").then().statusCode(200)
                    .body("changed", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        } finally {
            prolific.loseHooks(false);
        }
        assertEquals("TIMED-OUT", prolificStatus(f, "P4"), "polling caught the lost webhook");
        join(f, prolific, id, "P6");
        assertEquals(1, group(f, "P6"), "P4's place was freed by polling");
        assertTrue(prolific.calls("GET", "/api/v1/studies/" + id + "/submissions/").size() >= 3,
                "polling read every page (page size 2, 6 submissions)");

        String body = "{\"event_type\":\"submission.status.change\",\"resource_id\":\"" + sessions.get("P1") + "\"}";
        given().contentType("application/json").header("X-Prolific-Request-Timestamp",
                Long.toString(System.currentTimeMillis() / 1000)).header("X-Prolific-Request-Signature",
                StandInProlificApi.sign("not-the-secret", Long.toString(System.currentTimeMillis() / 1000), body))
                .body(body).post("/hooks/prolific/" + f.studyId).then().statusCode(401);
        given().contentType("application/json").body(body).post("/hooks/prolific/" + f.studyId).then()
                .statusCode(401);
        f.api().get("/api/studies/" + f.studyId + "/prolific/log").then().statusCode(200)
                .body("findAll { it.direction == 'received' && it.status == 401 }.size()", equalTo(2));
    }

    /**
     * Prolific keeps one hook secret per workspace and creating one replaces the last, and a subscription delivers
     * only once confirmed with its {@code X-Hook-Secret}: a researcher's second study must not make the first's
     * webhooks unverifiable.
     */
    @Test
    void webhooksOfEveryStudyOfAResearcherStayVerifiable() throws Exception {
        ProlificFixture first = ProlificFixture.create(users);
        ProlificFixture second = first.sibling();
        StandInProlificApi prolific = StandInProlificResource.api();
        prolific.deliverHooksTo(self.toString().replaceAll("/$", ""));
        int secretsBefore = prolific.calls("POST", "/api/v1/hooks/secrets/").size();
        int confirmedBefore = confirmations(prolific);
        String id1 = first.publish(10);
        String id2 = second.publish(10);
        assertEquals(secretsBefore + 1, prolific.calls("POST", "/api/v1/hooks/secrets/").size(),
                "the second study reuses the researcher's secret");
        assertEquals(confirmedBefore + 2, confirmations(prolific), "both subscriptions confirmed");
        for (ProlificFixture f : List.of(first, second)) {
            f.api().get("/api/studies/" + f.studyId + "/prolific").then().body("webhook", equalTo(true));
        }
        String s1 = join(first, prolific, id1, "W1");
        String s2 = join(second, prolific, id2, "W2");
        prolific.setStatus(s1, "RETURNED");
        prolific.setStatus(s2, "RETURNED");
        assertEquals("RETURNED", prolificStatus(first, "W1"), "the first study's webhook was believed");
        assertEquals("RETURNED", prolificStatus(second, "W2"), "the second study's webhook was believed");
    }

    private static int confirmations(StandInProlificApi prolific) {
        return (int) prolific.calls("POST", "/api/v1/hooks/subscriptions/").stream()
                .filter(c -> c.status() == 200 && c.body().contains("\"secret\"")).count();
    }

    static String join(ProlificFixture f, StandInProlificApi prolific, String prolificId, String pid) {
        String session = prolific.join(prolificId, pid);
        int status = new ParticipantClient(f.slug).open("/s/" + f.slug, Map.of("PROLIFIC_PID", pid, "STUDY_ID",
                prolificId, "SESSION_ID", session)).statusCode();
        assertTrue(Set.of(302, 303).contains(status), "joined " + pid + ": " + status);
        return session;
    }

    private int group(ProlificFixture f, String pid) throws Exception {
        return ((Number) value("SELECT grp FROM participant WHERE study_id = " + f.studyId
                + " AND external_pid = '" + pid + "'")).intValue();
    }

    private String prolificStatus(ProlificFixture f, String pid) throws Exception {
        return (String) value("SELECT prolific_status FROM participant WHERE study_id = " + f.studyId
                + " AND external_pid = '" + pid + "'");
    }

    private Object value(String sql) throws Exception {
        try (var c = db.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }
}
