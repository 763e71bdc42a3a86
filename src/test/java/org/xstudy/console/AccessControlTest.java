package org.xstudy.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xstudy.TestDb;
import org.xstudy.account.Collaborators;
import org.xstudy.console.Probes.Kind;
import org.xstudy.console.Probes.Probe;
import org.xstudy.model.ModelRegistry;
import org.xstudy.represent.BagOfWordsClassifier;

/**
 * Researcher A's objects are A's: every researcher operation the OpenAPI document lists (so a new endpoint is
 * covered the day it is added) is sent with A's ids and references by researcher B, by a viewer collaborator of A's
 * study and by a participant of it. Anything but 401, 403 or 404 for a request naming A's object in its path (or
 * additionally 400/422 for one naming it only in its body), a 5xx, a participant answered with anything but 401 or
 * the login redirect, or any answer showing A's text (when the request did not hold it) is a leak; the test lists
 * every leaking operation.
 */
@QuarkusTest
class AccessControlTest {

    /**
     * What a viewer collaborator of A's study may read (200): that study's own pages, frozen spec, items and data.
     * Everything else of A's (explanations, representations, data sets, jobs, models) stays 404 to them, and every
     * change is 403 or 404.
     */
    static final Set<String> VIEWER_READS = Set.of("GET /api/studies/{id}", "GET /api/studies/{id}/spec",
            "GET /api/studies/{id}/links", "GET /api/studies/{id}/export", "GET /api/studies/{id}/codebook",
            "GET /api/studies/{id}/analysis", "GET /api/studies/{id}/analysis/glmm", "GET /api/studies/{id}/exclusions",
            "GET /api/studies/{id}/results",
            "GET /api/representations/side-by-side/items/{itemId}", "GET /console/studies/{id}",
            "GET /console/studies/{id}/monitor", "GET /console/studies/{id}/monitor.json",
            "GET /console/studies/{id}/spec", "GET /console/studies/{id}/export",
            "GET /console/studies/{id}/analysis.json", "GET /console/studies/{id}/results",
            "GET /console/studies/{id}/exclusions.json", "GET /console/studies/{id}/explanations",
            "GET /api/studies/{id}/analysis/clmm", "GET /api/studies/{id}/analysis/prepost",
            "GET /api/studies/{id}/analysis.R");

    @Inject
    Users users;

    @Inject
    Collaborators collaborators;

    @Inject
    ModelRegistry registry;

    @Inject
    DataSource db;

    @TempDir
    Path dir;

    private OwnedObjects a;

    @Test
    void noOtherAccountReachesAResearchersObjects() throws Exception {
        registry.register(new BagOfWordsClassifier(Map.of("good", 2.0, "witty", 1.0), 0.1));
        // an admin, because only admins import models from the server's files; their objects are theirs all the same
        Users.Account owner = users.create("admin");
        String model = OwnedObjects.importModel(owner, org.xstudy.model.imports.Fixtures.importFolder("access"));
        a = OwnedObjects.create(owner, new TestDb(db).scalar(
                "SELECT min(id) FROM api_token WHERE user_id = " + owner.actor().id()));
        Users.Account viewer = users.create("researcher");
        collaborators.add(a.study(), owner.actor().owner(), viewer.email(), "viewer", owner.actor());
        String openapi = given().header("X-API-Key", owner.token()).get("/q/openapi?format=json").then()
                .statusCode(200).extract().asString();
        List<Probe> probes = new Probes(a, viewer.actor().id(), model).all(openapi);
        assertTrue(probes.stream().map(Probe::operation).distinct().count() > 50, "the OpenAPI walk found "
                + probes.stream().map(Probe::operation).distinct().count() + " operations");
        ownerReachesEveryObject(Caller.researcher("researcher A", owner), probes);

        List<String> leaks = new ArrayList<>();
        leaks.addAll(walk(Caller.researcher("researcher B", users.create("researcher")), probes, Set.of()));
        leaks.addAll(walk(Caller.researcher("viewer collaborator", viewer), probes, VIEWER_READS));
        leaks.addAll(walk(Caller.participant(a.participantCookie()), probes, Set.of()));
        Set<String> operations = new TreeSet<>(leaks.stream().map(l -> l.substring(l.indexOf(": ") + 2,
                l.indexOf(" ⇒"))).toList());
        assertEquals(List.of(), leaks, leaks.size() + " leaking requests in " + operations.size()
                + " operations " + operations + ":\n" + String.join("\n", leaks));
    }

    @Test
    void aStudyCanFreezeOnlyItsOwnersRepresentations() {
        registry.register(new BagOfWordsClassifier(Map.of("good", 2.0, "witty", 1.0), 0.1));
        Users.Account a = users.create("researcher");
        Users.Account b = users.create("researcher");
        long explanation = OwnedObjects.api(a).body(Map.of("text", OwnedObjects.TEXT, "model", OwnedObjects.MODEL,
                "method", "occlusion")).post("/api/explanations").then().statusCode(200).extract().jsonPath()
                .getLong("id");
        long rep = OwnedObjects.api(a).body(Map.of("explanation", explanation)).post("/api/representations/heatmap")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        OwnedObjects.api(b).body(OwnedObjects.spec("theft-" + rep, rep)).post("/api/studies").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/items/0/explanations/heatmap/ref"))
                .body(not(containsString(OwnedObjects.SECRET + " good")))
                .body(not(containsString("witty film")));
        long bRep = OwnedObjects.api(b).body(Map.of("text", OwnedObjects.TEXT, "label", "pos", "scores", List.of(
                Map.of("token", "good", "start", 12, "end", 16, "score", 1.0)))).post("/api/representations/heatmap")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long draft = OwnedObjects.api(a).body(OwnedObjects.spec("own-" + rep, rep)).post("/api/studies").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        OwnedObjects.api(a).body(OwnedObjects.spec("own-" + rep, bRep)).put("/api/studies/" + draft).then()
                .statusCode(422).body("errors[0].pointer", equalTo("/items/0/explanations/heatmap/ref"));
    }

    @Test
    void theSameExplanationRequestGivesEachResearcherTheirOwnRow() {
        registry.register(new BagOfWordsClassifier(Map.of("good", 2.0, "witty", 1.0), 0.1));
        Map<String, Object> request = Map.of("text", "a witty good " + System.nanoTime(), "model",
                OwnedObjects.MODEL, "method", "occlusion");
        Users.Account a = users.create("researcher");
        Users.Account b = users.create("researcher");
        long first = OwnedObjects.api(a).body(request).post("/api/explanations").then().statusCode(200)
                .body("cached", equalTo(false)).extract().jsonPath().getLong("id");
        long theirs = OwnedObjects.api(b).body(request).post("/api/explanations").then().statusCode(200)
                .body("cached", equalTo(false)).extract().jsonPath().getLong("id");
        assertTrue(theirs != first, "B computes their own row instead of being handed A's");
        OwnedObjects.api(a).body(request).post("/api/explanations").then().statusCode(200)
                .body("cached", equalTo(true)).body("id", equalTo((int) first));
        OwnedObjects.api(b).get("/api/explanations/" + first).then().statusCode(404);
    }

    /** A's own reads of A's objects answer 200, so the 404s of the others are not from bad fixtures. */
    private static void ownerReachesEveryObject(Caller owner, List<Probe> probes) {
        Set<String> reached = new TreeSet<>();
        Set<String> reads = new TreeSet<>();
        for (Probe p : probes) {
            if (p.kind() == Kind.PATH && p.method().equals("GET") && !p.operation().startsWith("GET /console/users")) {
                reads.add(p.operation());
                if (owner.send(p).statusCode() == 200) {
                    reached.add(p.operation());
                }
            }
        }
        assertEquals(reads, reached, "the owner reads every object by id");
    }

    private List<String> walk(Caller c, List<Probe> probes, Set<String> mayRead) {
        List<String> leaks = new ArrayList<>();
        for (Probe p : probes) {
            Response r = c.send(p);
            String why = verdict(c, p, r, mayRead.contains(p.operation()));
            if (why != null) {
                leaks.add(c.name() + ": " + p.operation() + " ⇒ " + p + " answered " + r.statusCode() + ", " + why);
            }
        }
        return leaks;
    }

    private String verdict(Caller c, Probe p, Response r, boolean mayRead) {
        int s = r.statusCode();
        String location = r.getHeader("Location");
        boolean toLogin = s == 303 && location != null && location.contains("/console/login");
        if (c.isParticipant()) {
            return s == 401 || toLogin ? null : "a participant must get 401 or the login page";
        }
        if (mayRead && s == 200) {
            return null;
        }
        if (s >= 500) {
            return "a server error";
        }
        if (!p.holdsSecret() && r.asString().contains(OwnedObjects.SECRET)) {
            return "it shows the owner's text";
        }
        return switch (p.kind()) {
            case PATH -> Set.of(401, 403, 404).contains(s) ? null : "expected 401, 403 or 404";
            case BODY -> Set.of(400, 401, 403, 404, 422).contains(s) ? null : "expected 4xx naming the field";
            case OWN -> s / 100 == 2 && r.asString().contains("\"id\":" + a.explanation() + ",")
                    ? "it hands back the owner's stored object" : null;
            case OPEN -> null;
        };
    }

}
