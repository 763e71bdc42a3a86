package org.xstudy.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.model.ModelRegistry;
import org.xstudy.represent.llm.ChatStubResource;
import org.xstudy.study.spec.SpecParser;

/**
 * Issue 19, defect 1: nothing unfaithful is frozen silently. The stand-in LLM adds an invented word to every
 * answer of a text marked {@code [stub:invent]}; the spec import and the wizard refuse such a verbalization unless
 * the researcher overrides explicitly, and the frozen payload records the check, the override, the prompt version,
 * the LLM's model name and the attribution's model hash and method.
 */
@QuarkusTest
@QuarkusTestResource(value = UnfaithfulFreezeTest.PatientChatStub.class, restrictToAnnotatedClass = true)
class UnfaithfulFreezeTest {

    /** The stand-in LLM with a 20 s timeout: this machine is shared with other builds. */
    public static class PatientChatStub extends ChatStubResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("xstudy.llm.timeout", "20S");
            return config;
        }
    }

    static final String KEY = "dev-researcher-key";
    static final String TEXT = "a good and witty film [stub:invent]";

    @Inject
    ModelRegistry registry;

    @Inject
    Users users;

    @Inject
    EntityManager em;

    @BeforeEach
    void register() {
        registry.register(StudyWizardTest.model());
    }

    @Test
    void theSpecRefusesAnUnfaithfulReferenceUnlessOverriddenAndRecordsTheOverride() {
        int good = TEXT.indexOf("good");
        int witty = TEXT.indexOf("witty");
        long id = given().header("X-API-Key", KEY).contentType("application/json").body(Map.of("text", TEXT,
                "label", "pos", "probability", 0.9, "k", 3, "scores", List.of(
                        Map.of("token", "good", "start", good, "end", good + 4, "score", 0.82),
                        Map.of("token", "witty", "start", witty, "end", witty + 5, "score", 0.41))))
                .post("/api/representations/llm").then().statusCode(201)
                .body("payload.provenance.check.faithful", equalTo(false))
                .body("payload.provenance.check.findings[0].error", equalTo("NOT_SALIENT"))
                .body("payload.provenance.promptVersion", equalTo("llm-prompt-v1"))
                .body("payload.provenance.llmModel", equalTo("stub-model"))
                .extract().jsonPath().getLong("id");
        String slug = "unfaithful-" + System.nanoTime() % 100000;
        given().header("X-API-Key", KEY).contentType("application/json").body(spec(slug, id, null))
                .post("/api/studies").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/items/0/explanations/llm/ref"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("NOT_SALIENT \"superb\""));
        long study = given().header("X-API-Key", KEY).contentType("application/json")
                .body(spec(slug, id, "checked by hand: superb is a test word")).post("/api/studies").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        given().header("X-API-Key", KEY).get("/api/studies/" + study + "/spec").then().statusCode(200)
                .body("items[0].explanations.llm.provenance.override",
                        equalTo("checked by hand: superb is a test word"))
                .body("items[0].explanations.llm.provenance.check.faithful", equalTo(false))
                .body("items[0].explanations.llm.provenance.llmModel", equalTo("stub-model"))
                .body("items[0].explanations.llm.provenance.promptVersion", equalTo("llm-prompt-v1"))
                .body("items[0].explanations.llm.provenance.representationId", notNullValue());
    }

    @Test
    void theWizardRefusesAnUnfaithfulLlmVerbalizationUnlessOverridden() throws Exception {
        Users.Account owner = users.create("researcher");
        long dataset = dataset(owner);
        ConsoleClient console = ConsoleClient.signedIn(owner.email(), Users.PASSWORD);
        Map<String, List<String>> form = StudyWizardTest.form(dataset);
        form.put("types", List.of("llm"));
        form.put("count", List.of("4"));
        form.put("selection", List.of("random"));
        form.put("controls", List.of("none"));
        form.put("phases", List.of("pre", "learning", "post"));
        Response refused = StudyWizardTest.post(console, form, "download");
        assertEquals(400, refused.statusCode());
        String page = refused.asString();
        assertTrue(page.contains("id=\"err-allowUnfaithful\">LLM verbalization of row")
                && page.contains("fails the faithfulness check: ") && page.contains("NOT_SALIENT &quot;superb&quot;"), page);

        form.put("allowUnfaithful", List.of("on"));
        Response allowed = StudyWizardTest.post(console, form, "download");
        assertEquals(200, allowed.statusCode(), allowed.asString());
        JsonNode spec = SpecParser.read(allowed.asString(), false);
        for (JsonNode item : spec.get("items")) {
            JsonNode p = item.at("/explanations/llm/provenance");
            assertFalse(p.at("/check/faithful").asBoolean(true), p.toString());
            assertTrue(p.path("override").asText().startsWith("frozen by the wizard although it fails"), p.toString());
            assertEquals("llm-prompt-v1", p.path("promptVersion").asText(), p.toString());
            assertEquals("stub-model", p.path("llmModel").asText(), p.toString());
            assertEquals("integrated_gradients", p.path("attribution").asText(), p.toString());
            assertEquals(StudyWizardTest.MODEL, p.path("model").asText(), p.toString());
            assertTrue(p.path("modelHash").asText().matches("[0-9a-f]{64}"), p.toString());
        }
    }

    private long dataset(Users.Account owner) {
        return QuarkusTransaction.requiringNew().call(() -> {
            long id = ((Number) em.createNativeQuery("INSERT INTO dataset (owner_id, name, source, format, labels, "
                    + "row_count) VALUES (?1, 'marked', 'marked.csv', 'csv', CAST(?2 AS jsonb), 4) RETURNING id")
                    .setParameter(1, owner.actor().id()).setParameter(2, "[\"negative\", \"positive\"]")
                    .getSingleResult()).longValue();
            for (int i = 0; i < 4; i++) {
                em.createNativeQuery("INSERT INTO dataset_row (dataset_id, position, text, label) VALUES (?1, ?2, ?3, ?4)")
                        .setParameter(1, id).setParameter(2, i + 1)
                        .setParameter(3, StudyWizardTest.ROWS.get(i).text() + " [stub:invent]")
                        .setParameter(4, i % 2 == 0 ? "negative" : "positive").executeUpdate();
            }
            return id;
        });
    }

    private static Map<String, Object> spec(String slug, long representation, String override) {
        Map<String, Object> ref = new HashMap<>();
        ref.put("ref", "representation:" + representation);
        if (override != null) {
            ref.put("provenance", Map.of("override", override));
        }
        return Map.of("specVersion", 1, "slug", slug, "title", "Unfaithful", "labels", List.of("neg", "pos"),
                "items", List.of(Map.of("id", "i1", "text", TEXT,
                        "prediction", Map.of("label", "pos", "probabilities", Map.of("neg", 0.1, "pos", 0.9)),
                        "explanations", Map.of("llm", ref))),
                "conditions", List.of(Map.of("id", "c1", "explanation", "llm")),
                "design", Map.of("type", "between"),
                "phases", List.of(Map.of("type", "learning", "items", List.of("i1"))));
    }
}
