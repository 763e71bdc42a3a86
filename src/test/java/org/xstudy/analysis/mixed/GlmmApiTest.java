package org.xstudy.analysis.mixed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.TestStudies;

/** The GLMM and power-by-simulation endpoints on a demo study taken by real participants, on PostgreSQL. */
@QuarkusTest
class GlmmApiTest {

    private static final String KEY = TestStudies.KEY;
    private static long id;

    @BeforeEach
    void study() {
        if (id != 0) {
            return;
        }
        var spec = TestStudies.demo(s -> { });
        id = TestStudies.create(spec);
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/open").then().statusCode(200);
        String slug = spec.get("slug").asText();
        java.util.Random rng = new java.util.Random(15);
        for (int i = 0; i < 4; i++) {
            ParticipantClient p = new ParticipantClient(slug);
            p.join("PROLIFIC-" + slug + "-" + i);
            for (int n = 0; p.currentStep() != null && n < 500; n++) {
                answer(p, rng);
            }
        }
        ParticipantClient quitter = new ParticipantClient(slug);
        quitter.join("PROLIFIC-" + slug + "-quit");
        boolean simulated = false;
        while (!simulated) {
            simulated = List.of("forward", "counterfactual").contains(quitter.currentKind());
            answer(quitter, rng);
        }
    }

    /** A valid answer to the current step, guessing at random on simulation trials. */
    private static void answer(ParticipantClient p, java.util.Random rng) {
        String step = p.currentStep();
        String kind = p.currentKind();
        Map<String, String> fields = new java.util.HashMap<>(ParticipantClient.validAnswer(kind, step));
        if (fields.containsKey("guess")) {
            fields.put("guess", rng.nextBoolean() ? "positive" : "negative");
        }
        p.post(step, fields);
    }

    /**
     * Simulation answers in the JSON export with an item and a condition (in a pre/post design, as the demo is, those
     * of the pre and post phases), and those of included participants.
     */
    private static int[] simulationRows() {
        List<Map<String, Object>> rows = given().header("X-API-Key", KEY)
                .get("/api/studies/" + id + "/export?format=json").then().statusCode(200).extract().jsonPath()
                .getList("$");
        boolean prePost = rows.stream().anyMatch(r -> List.of("pre", "post").contains(r.get("phase")));
        int all = 0;
        int kept = 0;
        for (Map<String, Object> r : rows) {
            if (List.of("forward", "counterfactual").contains(r.get("kind")) && r.get("item") != null
                    && r.get("condition") != null && (!prePost || List.of("pre", "post").contains(r.get("phase")))) {
                all++;
                kept += Boolean.TRUE.equals(r.get("excluded")) ? 0 : 1;
            }
        }
        return new int[] {all, kept};
    }

    @Test
    void theModelUsesEverySimulationAnswerOfTheIncludedParticipants() {
        int[] rows = simulationRows();
        assertTrue(rows[0] > rows[1] && rows[1] > 0, "the quitter's answer is excluded: " + rows[0] + " " + rows[1]);
        JsonPath with = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/analysis/glmm").then()
                .statusCode(200).contentType("application/json").extract().jsonPath();
        assertEquals("all", with.getString("models[0].subset"));
        assertEquals(rows[1], with.getInt("models[0].fit.observations"));
        assertEquals(true, with.getBoolean("exclusionsApplied"));
        assertEquals(1, with.getInt("excludedParticipants"));
        assertEquals("(Intercept)", with.getString("models[0].fit.fixedEffects[0].term"));
        assertEquals("post", with.getString("referencePhase"));
        assertTrue(with.getString("models[0].fit.formula").startsWith("correct ~ condition * phase"));
        int k = with.getList("conditions").size();
        assertEquals(2 * k, with.getList("models[0].fit.fixedEffects").size(), "intercept, conditions, phase, "
                + "interactions");
        assertEquals(4, with.getInt("models[0].fit.randomEffects[0].levels"));
        assertEquals("participant", with.getString("models[0].fit.randomEffects[0].group"));
        double b = with.getDouble("models[0].fit.fixedEffects[0].estimate");
        double se = with.getDouble("models[0].fit.fixedEffects[0].se");
        // JsonPath reads numbers as floats: 1e-5
        assertEquals(Math.exp(b), with.getDouble("models[0].fit.fixedEffects[0].oddsRatio"), 1e-5);
        assertEquals(b - 1.959963984540054 * se, with.getDouble("models[0].fit.fixedEffects[0].low"), 1e-5);
        double logLik = with.getDouble("models[0].fit.logLik");
        assertEquals(-2 * logLik, with.getDouble("models[0].fit.deviance"), 1e-5 * Math.abs(logLik));

        JsonPath without = given().header("X-API-Key", KEY)
                .get("/api/studies/" + id + "/analysis/glmm?exclusions=false&subset=model:right").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(null, without.getString("models[0].unavailable"));
        assertEquals(rows[0], without.getInt("models[0].fit.observations"));
        assertEquals(5, without.getInt("models[0].fit.randomEffects[0].levels"));
        assertEquals("model:right", without.getString("models[1].subset"));
        String reference = with.getList("conditions").get(1).toString();
        given().header("X-API-Key", KEY).get("/api/studies/" + id + "/analysis/glmm?reference=" + reference)
                .then().statusCode(200).body("referenceCondition", equalTo(reference));
    }

    @Test
    void badParametersAreRejectedWithPointers() {
        given().header("X-API-Key", KEY).get("/api/studies/" + id + "/analysis/glmm?task=ratings&confidence=2")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/task")).body("errors.pointer", hasItem("/confidence"));
        given().header("X-API-Key", KEY).get("/api/studies/" + id + "/analysis/glmm?reference=nope").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/reference"));
        given().header("X-API-Key", KEY).get("/api/studies/" + id + "/analysis/glmm?subset=cov:nope>1").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/subset"));
        given().header("X-API-Key", KEY).get("/api/studies/999999999/analysis/glmm").then().statusCode(404);
        given().get("/api/studies/" + id + "/analysis/glmm").then().statusCode(401);
        given().header("X-API-Key", KEY).contentType("application/json")
                .body("{\"conditions\":[{\"name\":\"a\",\"accuracy\":1.5}],\"sdParticipant\":-1,\"sdItem\":0.5,"
                        + "\"participants\":1,\"items\":10,\"design\":\"mixed\",\"simulations\":1000000}")
                .post("/api/analysis/power/simulation").then().statusCode(400)
                .body("errors.pointer", hasItem("/conditions"))
                .body("errors.pointer", hasItem("/conditions/0/accuracy"))
                .body("errors.pointer", hasItem("/sdParticipant")).body("errors.pointer", hasItem("/participants"))
                .body("errors.pointer", hasItem("/design")).body("errors.pointer", hasItem("/simulations"));
        given().header("X-API-Key", KEY).contentType("application/json").body("{\"participants\":0}")
                .post("/api/studies/" + id + "/analysis/power").then().statusCode(400)
                .body("errors.pointer", hasItem("/participants")).body("errors.pointer", hasItem("/items"));
    }

    @Test
    void powerIsSimulatedFromEnteredFiguresAndFromThePilot() {
        JsonPath entered = given().header("X-API-Key", KEY).contentType("application/json")
                .body("{\"conditions\":[{\"name\":\"none\",\"accuracy\":0.5},{\"name\":\"heatmap\",\"accuracy\":0.95}],"
                        + "\"sdParticipant\":0.3,\"sdItem\":0.3,\"participants\":20,\"items\":10,\"simulations\":10,"
                        + "\"seed\":3}")
                .post("/api/analysis/power/simulation").then().statusCode(200).extract().jsonPath();
        assertEquals("conditionheatmap", entered.getString("terms[0].term"));
        assertEquals(10, entered.getInt("terms[0].simulations"));
        assertTrue(entered.getDouble("terms[0].power") >= 0.9, "a huge effect is nearly always found");
        JsonPath pilot = given().header("X-API-Key", KEY).contentType("application/json")
                .body("{\"participants\":8,\"items\":6,\"simulations\":3,\"design\":\"within\"}")
                .post("/api/studies/" + id + "/analysis/power").then().statusCode(200).extract().jsonPath();
        assertEquals(3, pilot.getInt("simulations"));
        assertEquals(8, pilot.getInt("design.participants"));
        assertTrue(pilot.getBoolean("design.within"));
    }
}
