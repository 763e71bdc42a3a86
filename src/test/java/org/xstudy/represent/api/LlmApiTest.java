package org.xstudy.represent.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.represent.llm.ChatStubResource;
import org.xstudy.represent.llm.LlmCacheEntry;

@QuarkusTest
@QuarkusTestResource(value = ChatStubResource.class, restrictToAnnotatedClass = true)
class LlmApiTest {

    static final String KEY = "dev-researcher-key";

    static Map<String, Object> request(String text) {
        int good = text.indexOf("good");
        int witty = text.indexOf("witty");
        return Map.of("text", text, "label", "positive", "probability", 0.9, "k", 3, "scores", List.of(
                Map.of("token", "good", "start", good, "end", good + 4, "score", 0.82),
                Map.of("token", "witty", "start", witty, "end", witty + 5, "score", 0.41)));
    }

    static ValidatableResponse post(String text) {
        return given().header("X-API-Key", KEY).contentType("application/json").body(request(text))
                .post("/api/representations/llm/preview").then();
    }

    static long cached(String marker) {
        return LlmCacheEntry.count("prompt like ?1", "%" + marker + "%");
    }

    @Test
    void answerIsCheckedAndCachedByPromptHashModelAndTemperature() {
        String text = "a good and witty film " + System.nanoTime();
        post(text).statusCode(200)
                .body("html", equalTo("<p class=\"xh-verbal\">The model decided this mainly because of "
                        + "&quot;good&quot; (+0.82) and &quot;witty&quot; (+0.41).</p>"))
                .body("result.verbalization.cached", equalTo(false))
                .body("result.verbalization.promptVersion", equalTo("llm-prompt-v1"))
                .body("result.verbalization.model", equalTo("stub-model"))
                .body("result.verbalization.faithfulness.faithful", equalTo(true))
                .body("result.verbalization.faithfulness.claimed", equalTo(List.of("good", "witty")));
        post(text).statusCode(200).body("result.verbalization.cached", equalTo(true));
        assertEquals(1, cached(text));
    }

    @Test
    void faithfulnessCheckFlagsInventedWordAndWrongNumber() {
        post("a good and witty film [stub:invent]").statusCode(200)
                .body("result.verbalization.faithfulness.findings.find { it.stated == 'superb' }.error",
                        equalTo("NOT_SALIENT"))
                .body("result.verbalization.faithfulness.findings.find { it.stated == 'superb' }.reason",
                        equalTo("not in the input"))
                .body("result.verbalization.faithfulness.faithful", equalTo(false));
    }

    @Test
    void failuresAreProblemsAndCacheNothing() {
        for (String marker : List.of("[stub:500]", "[stub:malformed]", "[stub:empty]")) {
            post("a good and witty film " + marker).statusCode(502).contentType("application/problem+json")
                    .body("status", equalTo(502)).body("title", equalTo("LLM endpoint failed"));
            assertEquals(0, cached(marker), marker);
        }
        post("a good and witty film [stub:500]").body("detail", containsString("HTTP 500"));
        post("a good and witty film [stub:empty]").body("detail", containsString("empty choices"));
        post("a good and witty film [stub:slow]").statusCode(504).contentType("application/problem+json")
                .body("title", equalTo("LLM endpoint timed out"));
        assertEquals(0, cached("[stub:slow]"));
    }

    @Test
    void badInputNamesTheField() {
        given().header("X-API-Key", KEY).contentType("application/json")
                .body(Map.of("text", "good", "k", 0, "scores", List.of(
                        Map.of("token", "good", "start", 0, "end", 9, "score", 1))))
                .post("/api/representations/llm/preview").then().statusCode(400)
                .body("errors.pointer", equalTo(List.of("/scores/0/start", "/k")));
    }
}
