package org.xstudy.participant;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.study.TestStudies;

/**
 * A Prolific id is no secret (researchers, other participants in a chat, screenshots): it alone must not hand a
 * participant's session to another browser. A session resumes on a new device with the {@code SESSION_ID} Prolific
 * gave it, or with a resume link the researcher issued.
 */
@QuarkusTest
class ResumeProofTest {

    /** A participant who joined from Prolific and answered the first step; returns their next step. */
    private static String started(ParticipantClient p, String pid, String session) {
        assertEquals(303, p.open("/s/" + p.slug, prolific(pid, session)).statusCode());
        String first = p.currentStep();
        p.post(first, ParticipantClient.validAnswer(p.currentKind(), first));
        return p.currentStep();
    }

    private static Map<String, String> prolific(String pid, String session) {
        Map<String, String> q = new LinkedHashMap<>(Map.of("PROLIFIC_PID", pid, "STUDY_ID", "st"));
        if (session != null) {
            q.put("SESSION_ID", session);
        }
        return q;
    }

    private static void assertRefused(Response r, int status) {
        assertEquals(status, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("text/html"), r.contentType());
        assertNull(r.getCookie(ParticipantPages.COOKIE), "no session cookie is handed out");
    }

    @Test
    void prolificIdAloneIsRefusedWithAPageSayingWhatToDo() {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        started(new ParticipantClient(slug), "PID-PROOF-1", "SESS-PROOF-1");
        ParticipantClient stranger = new ParticipantClient(slug);
        Response r = stranger.open("/s/" + slug, prolific("PID-PROOF-1", null));
        assertRefused(r, 403);
        assertTrue(r.asString().contains("open the study again from Prolific"), r.asString());
        assertRefused(stranger.open("/s/" + slug, prolific("PID-PROOF-1", "SESS-GUESSED")), 403);
        assertRefused(stranger.open("/s/" + slug, Map.of("pid", "PID-PROOF-1")), 403);
        assertEquals(401, stranger.page().statusCode(), "the stranger has no session");
    }

    @Test
    void prolificIdWithItsSessionIdResumes() {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        String next = started(new ParticipantClient(slug), "PID-PROOF-2", "SESS-PROOF-2");
        ParticipantClient newDevice = new ParticipantClient(slug);
        assertEquals(303, newDevice.open("/s/" + slug, prolific("PID-PROOF-2", "SESS-PROOF-2")).statusCode());
        assertEquals(next, newDevice.currentStep());
    }

    @Test
    void signedResumeLinkResumesAndAnAlteredOneIsRefused() {
        var spec = TestStudies.demo(s -> { });
        long id = TestStudies.create(spec);
        String slug = spec.get("slug").asText();
        TestStudies.action(slug, "open");
        String next = started(new ParticipantClient(slug), "PID-PROOF-3", null);
        started(new ParticipantClient(slug), "PID-PROOF-4", null);

        given().header("X-API-Key", TestStudies.KEY).post("/api/studies/" + id + "/resume-link?pid=NOBODY")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", org.hamcrest.Matchers.equalTo("/pid"));
        String url = given().header("X-API-Key", TestStudies.KEY)
                .post("/api/studies/" + id + "/resume-link?pid=PID-PROOF-3").then().statusCode(200)
                .extract().path("url");
        String other = given().header("X-API-Key", TestStudies.KEY)
                .post("/api/studies/" + id + "/resume-link?pid=PID-PROOF-4").then().statusCode(200)
                .extract().path("url");
        Map<String, String> link = query(url);
        Map<String, String> otherLink = query(other);

        ParticipantClient thief = new ParticipantClient(slug);
        Map<String, String> forged = new LinkedHashMap<>(link);
        forged.put("sig", link.get("sig").substring(1) + (link.get("sig").charAt(0) == 'A' ? "B" : "A"));
        assertRefused(thief.open("/s/" + slug + "/resume", forged), 403);
        Map<String, String> swapped = new LinkedHashMap<>(link);
        swapped.put("p", otherLink.get("p"));
        assertRefused(thief.open("/s/" + slug + "/resume", swapped), 403);
        Map<String, String> longer = new LinkedHashMap<>(link);
        longer.put("e", String.valueOf(Long.parseLong(link.get("e")) + 1));
        assertRefused(thief.open("/s/" + slug + "/resume", longer), 403);

        ParticipantClient newDevice = new ParticipantClient(slug);
        assertEquals(303, newDevice.open(URI.create(url).getPath(), link).statusCode());
        assertEquals(next, newDevice.currentStep());
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return q;
    }
}
