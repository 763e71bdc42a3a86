package org.xstudy.participant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.TestDb;
import org.xstudy.study.TestStudies;

/**
 * Issue 15: a prediction step may offer "I don't know"; it is stored as its own answer, counts as incorrect, and
 * the ratings given on the same trial are kept. Without the option, the answer is refused.
 */
@QuarkusTest
class DontKnowTest {

    @Inject
    DataSource db;

    private static String study(boolean offered) {
        return TestStudies.open(TestStudies.demo(s -> {
            for (JsonNode phase : s.get("phases")) {
                if (phase.get("type").asText().equals("forward")) {
                    ((ObjectNode) phase).putArray("ratings").add("confidence");
                    if (offered) {
                        ((ObjectNode) phase).put("dontKnow", true);
                    }
                }
            }
        }));
    }

    /** Answers validly up to the first forward trial; returns its step key. */
    private static String toFirstForwardTrial(ParticipantClient p) {
        while (!"forward".equals(p.currentKind())) {
            String step = p.currentStep();
            p.post(step, ParticipantClient.validAnswer(p.currentKind(), step));
        }
        return p.currentStep();
    }

    @Test
    void dontKnowIsStoredAsIncorrectWithItsRatings() throws Exception {
        ParticipantClient p = new ParticipantClient(study(true));
        p.join("PID-DONT-KNOW");
        String trial = toFirstForwardTrial(p);
        String page = p.page().asString();
        assertTrue(page.contains("value=\"dont_know\"") && page.contains("I don&#39;t know")
                || page.contains("I don't know"), page);
        Map<String, String> answer = new HashMap<>(ParticipantClient.validAnswer("forward", trial));
        answer.put("guess", "dont_know");
        assertEquals(303, p.post(trial, answer).statusCode());
        TestDb t = new TestDb(db);
        String where = " FROM response r JOIN participant p ON p.id = r.participant_id WHERE p.external_pid = "
                + "'PID-DONT-KNOW' AND r.step_key = '" + trial + "'";
        assertEquals("dont_know", t.text("SELECT r.answer" + where + " AND r.question = 'guess'"));
        assertEquals("f", t.text("SELECT r.correct::text" + where + " AND r.question = 'guess'").substring(0, 1));
        assertEquals(1, t.scalar("SELECT count(*)" + where + " AND r.question = 'confidence'"), "ratings kept");
    }

    @Test
    void withoutTheOptionDontKnowIsRefused() {
        ParticipantClient p = new ParticipantClient(study(false));
        p.join("PID-NO-DONT-KNOW");
        String trial = toFirstForwardTrial(p);
        assertTrue(!p.page().asString().contains("dont_know"));
        Map<String, String> answer = new HashMap<>(ParticipantClient.validAnswer("forward", trial));
        answer.put("guess", "dont_know");
        assertEquals(400, p.post(trial, answer).statusCode());
    }
}
