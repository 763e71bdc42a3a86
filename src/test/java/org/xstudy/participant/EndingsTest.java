package org.xstudy.participant;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.study.TestStudies;

/**
 * Each way a session ends has its own code and words, as Prolific's completion codes do, and a redirect through the
 * study's completion URL; the pages' Content-Security-Policy lets that redirect happen.
 */
@QuarkusTest
class EndingsTest {

    private static final String PROLIFIC = "https://app.prolific.com/submissions/complete?cc={code}";

    private static String study(String slug, boolean redirect, int attentionFailLimit) {
        return TestStudies.open(TestStudies.demo(s -> {
            s.put("slug", slug);
            ObjectNode p = (ObjectNode) s.get("participants");
            p.put("noConsentCode", "NOCONSENT1").put("failedAttentionCode", "ATTFAIL1")
                    .put("attentionFailLimit", attentionFailLimit);
            if (redirect) {
                p.put("completionUrl", PROLIFIC);
            }
        }));
    }

    @Test
    void decliningConsentShowsTheNoConsentCodeAndAsksToReturn() {
        ParticipantClient p = new ParticipantClient(study("end-decline", false, 2));
        p.join("PID-END-DECLINE");
        p.post(p.currentStep(), Map.of("consent", "no"));
        String page = p.page().asString();
        assertTrue(page.contains("NOCONSENT1") && page.contains("return the study"), page);
        assertTrue(page.contains("class=\"xs-copy\""), "a copy button");
    }

    @Test
    void decliningConsentRedirectsToProlificWithItsOwnCode() {
        ParticipantClient p = new ParticipantClient(study("end-decline-go", true, 2));
        p.join("PID-END-DECLINE-GO");
        p.post(p.currentStep(), Map.of("consent", "no"));
        Response r = p.page();
        assertEquals(303, r.statusCode());
        assertEquals("https://app.prolific.com/submissions/complete?cc=NOCONSENT1", r.getHeader("Location"));
    }

    /** Screened out (Prolific FIXED_SCREENOUT): submit the code to be paid, do not return; no mix-up of the two. */
    @Test
    void aScreenOutSaysToSubmitTheCodeNotToReturn() {
        ParticipantClient p = new ParticipantClient(study("end-screen", false, 2));
        p.join("PID-END-SCREEN");
        while (!"comprehension".equals(p.currentKind())) {
            String step = p.currentStep();
            p.post(step, ParticipantClient.validAnswer(p.currentKind(), step));
        }
        p.post(p.currentStep(), Map.of("q.task", "How much I liked the movie"));
        p.post(p.currentStep(), Map.of("q.task", "How much I liked the movie"));
        String end = p.page().asString();
        assertTrue(end.contains("XSSCREEN") && end.contains("do not return the study") && end.contains("paid"), end);
        assertTrue(!end.contains("return the study with the code"), end);
    }

    @Test
    void failingTheAttentionChecksEndsWithTheirOwnCode() {
        ParticipantClient p = new ParticipantClient(study("end-attention", false, 1));
        p.join("PID-END-ATTENTION");
        for (String html = p.page().asString(); html.contains("name=\"step\""); html = p.page().asString()) {
            String step = ParticipantClient.group(java.util.regex.Pattern.compile("name=\"step\" value=\"([^\"]+)\""),
                    html);
            String kind = ParticipantClient.group(java.util.regex.Pattern.compile("data-kind=\"([^\"]+)\""), html);
            p.post(step, kind.equals("attention") ? Map.of("choice", "Strongly agree", "rt", "1234")
                    : ParticipantClient.validAnswer(kind, step));
        }
        String end = p.page().asString();
        assertTrue(end.contains("ATTFAIL1") && end.contains("review"), end);
    }

    @Test
    void completingWithTheChecksPassedShowsTheCompletionCode() {
        ParticipantClient p = new ParticipantClient(study("end-complete", false, 1));
        p.join("PID-END-COMPLETE");
        p.finish();
        String end = p.page().asString();
        assertTrue(end.contains("XSDEMO42") && !end.contains("ATTFAIL1"), end);
    }

    @Test
    void stepPagesAllowTheRedirectOriginAsAFormTarget() {
        ParticipantClient p = new ParticipantClient(study("end-csp", true, 2));
        p.join("PID-END-CSP");
        String csp = p.page().getHeader("Content-Security-Policy");
        assertTrue(csp.contains("form-action 'self' https://app.prolific.com;"), csp);
        assertTrue(!csp.contains("unsafe-inline"), csp);
    }

    @Test
    void anErrorOnAParticipantPageIsHtmlNotJson() {
        String slug = study("end-error", false, 2);
        Response r = given().contentType("application/json").body("{}").post("/s/" + slug + "/step");
        assertEquals(415, r.statusCode());
        assertTrue(r.contentType().startsWith("text/html"), r.contentType());
        assertTrue(r.asString().contains("Your answers so far are saved"), r.asString());
    }

    @Test
    void outcomesNeedTheirOwnCodes() {
        ObjectNode spec = TestStudies.demo(s -> ((ObjectNode) s.get("participants")).put("noConsentCode", "XSDEMO42"));
        given().header("X-API-Key", TestStudies.KEY).contentType("application/json").body(spec.toString())
                .post("/api/studies").then().statusCode(400)
                .body("errors[0].pointer", org.hamcrest.Matchers.equalTo("/participants/noConsentCode"));
    }
}
