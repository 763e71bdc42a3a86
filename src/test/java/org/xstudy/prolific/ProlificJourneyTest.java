package org.xstudy.prolific;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.xstudy.acceptance.PageChecks;
import org.xstudy.acceptance.ParticipantWalker;
import org.xstudy.acceptance.ParticipantWalker.Behaviour;
import org.xstudy.console.Users;
import org.xstudy.journey.Browser;

/**
 * Participants of a study published through xstudy take it in Chromium from Prolific's link and end on the
 * stand-in's completion page, each outcome with its own code: completed, screened out, no consent, and failed
 * attention checks (every check answered wrong; the study's limit is two).
 */
@QuarkusTest
@QuarkusTestResource(StandInProlificResource.class)
class ProlificJourneyTest {

    @Inject
    Users users;

    @TestHTTPResource("/")
    URL base;

    ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        browser = Browser.start();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void eachOutcomeEndsOnProlificWithItsOwnCode() throws Exception {
        ProlificFixture f = ProlificFixture.create(users);
        StandInProlificApi prolific = StandInProlificResource.api();
        String id = f.publish(10);
        JsonNode spec = new ObjectMapper().readTree(f.api().get("/api/studies/" + f.studyId + "/spec").asString());
        JsonNode p = spec.get("participants");
        Map<Behaviour, String> expected = Map.of(Behaviour.COMPLETE, p.get("completionCode").asText(),
                Behaviour.FAIL_COMPREHENSION, p.get("screenOutCode").asText(),
                Behaviour.DECLINE_CONSENT, p.get("noConsentCode").asText(),
                Behaviour.FAIL_ATTENTION, p.get("failedAttentionCode").asText());
        assertEquals(4, new java.util.HashSet<>(expected.values()).size(), "four different codes: " + expected);
        PageChecks checks = new PageChecks(browser);
        int n = 0;
        for (Behaviour b : List.of(Behaviour.COMPLETE, Behaviour.FAIL_COMPREHENSION, Behaviour.DECLINE_CONSENT,
                Behaviour.FAIL_ATTENTION)) {
            String pid = "J" + (++n);
            String session = prolific.join(id, pid);
            String join = base + "s/" + f.slug + "?PROLIFIC_PID=" + pid + "&STUDY_ID=" + id + "&SESSION_ID=" + session;
            new ParticipantWalker(browser, spec, checks, (kind, d) -> { }).walk(join, b);
            assertTrue(browser.getCurrentUrl().startsWith(prolific.apiUrl().replace("/api/v1/", "/submissions/complete")),
                    b + " ended on " + browser.getCurrentUrl());
            List<String> codes = prolific.codes();
            assertEquals(expected.get(b), codes.get(codes.size() - 1), b + " arrived with its own code");
            String sent = prolific.study(id).get("completion_codes").findValues("code").stream()
                    .map(JsonNode::asText).filter(codes.get(codes.size() - 1)::equals).findFirst().orElse(null);
            assertEquals(expected.get(b), sent, b + "'s code is one of the Prolific study's codes");
        }
        assertEquals(List.of(), checks.problems(), "pages without console errors or CSP violations");
    }
}
