package org.xstudy.prolific;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.xstudy.console.Users;
import org.xstudy.study.DemoStudy;
import org.xstudy.study.spec.SpecParser;

/** A researcher with a Prolific token and a two-group draft study of the demo items, for the Prolific tests. */
public final class ProlificFixture {

    public final Users.Account researcher;
    public final long studyId;
    public final String slug;

    private ProlificFixture(Users.Account researcher, long studyId, String slug) {
        this.researcher = researcher;
        this.studyId = studyId;
        this.slug = slug;
    }

    public static ProlificFixture create(Users users) {
        StandInProlificResource.api().deliverHooksTo("http://localhost:" + io.restassured.RestAssured.port);
        Users.Account r = users.create("researcher");
        api(r).body(Map.of("token", StandInProlificResource.TOKEN)).put("/api/account/prolific").then()
                .statusCode(200);
        return study(r);
    }

    /** Another study of the same researcher. */
    ProlificFixture sibling() {
        return study(researcher);
    }

    private static ProlificFixture study(Users.Account r) {
        ObjectNode spec = (ObjectNode) SpecParser.read(DemoStudy.spec(), false);
        String slug = "prolific-" + UUID.randomUUID().toString().substring(0, 8);
        spec.put("slug", slug);
        ArrayNode conditions = spec.putArray("conditions");
        conditions.addObject().put("id", "heatmap").put("explanation", "heatmap");
        conditions.addObject().put("id", "control").put("explanation", "none").put("control", true);
        for (var phase : spec.withArray("phases")) {
            if (phase.path("type").asText().equals("counterfactual")) {
                ObjectNode check = ((ObjectNode) phase).putArray("attentionChecks").addObject();
                check.put("id", "ac2").put("position", 1).put("text", "Please choose \"Agree\".")
                        .put("answer", "Agree");
                check.putArray("options").add("Strongly agree").add("Agree").add("Disagree");
            }
        }
        ObjectNode p = spec.putObject("participants");
        p.put("maxParticipants", 50).put("timeoutMinutes", 60);
        long id = api(r).body(spec.toString()).post("/api/studies").then().statusCode(201).extract().jsonPath()
                .getLong("id");
        return new ProlificFixture(r, id, slug);
    }

    RequestSpecification api() {
        return api(researcher);
    }

    static RequestSpecification api(Users.Account who) {
        return given().header("X-API-Key", who.token()).contentType("application/json");
    }

    public static Map<String, Object> draft(int places) {
        return Map.of("title", "Predict a movie-review model", "description", "Guess what a model says about "
                + "short movie reviews.", "rewardCents", 150, "places", places, "estimatedMinutes", 10,
                "maxMinutes", 40, "deviceCompatibility", List.of("desktop"));
    }

    /** Creates the Prolific draft and publishes it; returns the Prolific study id. */
    public String publish(int places) {
        String prolificId = api().body(draft(places)).put("/api/studies/" + studyId + "/prolific").then()
                .statusCode(200).extract().jsonPath().getString("prolificStudyId");
        api().post("/api/studies/" + studyId + "/prolific/publish").then().statusCode(200);
        return prolificId;
    }

    /**
     * Takes the study over HTTP as Prolific participant {@code pid} (who joined on Prolific with {@code session}),
     * failing the first {@code failedChecks} attention checks; returns the code the session ended with.
     */
    String take(String prolificId, String pid, String session, int failedChecks) {
        org.xstudy.participant.ParticipantClient c = new org.xstudy.participant.ParticipantClient(slug);
        c.open("/s/" + slug, Map.of("PROLIFIC_PID", pid, "STUDY_ID", prolificId, "SESSION_ID", session));
        int failed = 0;
        int steps = 0;
        for (String html = c.page().asString(); html.contains("name=\"step\""); html = c.page().asString()) {
            String step = group("name=\"step\" value=\"([^\"]+)\"", html);
            String kind = group("data-kind=\"([^\"]+)\"", html);
            Map<String, String> answer = new java.util.HashMap<>(
                    org.xstudy.participant.ParticipantClient.validAnswer(kind, step));
            if (kind.equals("attention")) {
                String right = html.contains("value=\"Strongly disagree\"") ? "Strongly disagree" : "Agree";
                answer.put("choice", failed < failedChecks ? "Strongly agree" : right);
                failed++;
            }
            c.post(step, answer);
            if (++steps > 300) {
                throw new AssertionError(pid + " never finished; last step " + step + " (" + kind + ")");
            }
        }
        io.restassured.response.Response end = c.page();
        String location = end.getHeader("Location");
        return location != null ? group("[?&]cc=([A-Za-z0-9_-]+)", location)
                : group("id=\"completion-code\">([A-Za-z0-9_-]+)<", end.asString());
    }

    private static String group(String regex, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    JsonPath participants() {
        return api().get("/api/studies/" + studyId + "/spec").then().statusCode(200).extract().jsonPath();
    }
}
