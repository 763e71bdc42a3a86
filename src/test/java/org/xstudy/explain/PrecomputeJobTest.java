package org.xstudy.explain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.account.Bootstrap;
import org.xstudy.explain.job.PrecomputeJob;
import org.xstudy.explain.job.PrecomputeService;
import org.xstudy.explain.job.PrecomputeTask;
import org.xstudy.model.ModelRegistry;
import org.xstudy.model.TextClassifier;

@QuarkusTest
class PrecomputeJobTest {

    static final String KEY = "dev-researcher-key";

    @Inject
    ModelRegistry registry;

    @Inject
    ExplanationService service;

    @Inject
    PrecomputeService jobs;

    @Inject
    EntityManager em;

    /** The logistic test model, slowed down so that a job's progress can be watched. */
    static final class Slow extends DelegatingClassifier {

        private final long millis;

        Slow(TextClassifier inner, long millis) {
            super(inner);
            this.millis = millis;
        }

        @Override
        public String id() {
            return "slow-bow";
        }

        @Override
        public double[][] predictProba(List<String> texts) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.predictProba(texts);
        }
    }

    @Inject
    org.xstudy.console.Users users;

    @BeforeEach
    void registerModels() {
        registry.register(new Slow(AttributionMethodsTest.LOGISTIC, 15));
        registry.register(AttributionMethodsTest.LOGISTIC);
    }

    static List<String> texts(int n) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("the good movie number " + i + " of " + tag + " has a dull plot");
        }
        return out;
    }

    static JsonPath create(Map<String, Object> body, int status) {
        return given().header("X-API-Key", KEY).contentType(ContentType.JSON).body(body)
                .post("/api/precompute-jobs").then().statusCode(status).extract().jsonPath();
    }

    static JsonPath progress(int id) {
        return given().header("X-API-Key", KEY).get("/api/precompute-jobs/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    static JsonPath await(int id, Predicate<JsonPath> until) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath p = progress(id);
            if (until.test(p)) {
                return p;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not get there: " + progress(id).prettify());
    }

    @Test
    void anotherResearchersJobIsNotFound() throws Exception {
        int id = create(Map.of("model", AttributionMethodsTest.LOGISTIC.id(), "methods", List.of("occlusion"),
                "texts", texts(2)), 202).getInt("id");
        String other = users.create("researcher").token();
        for (String path : List.of("", "/cancel", "/resume")) {
            var request = given().header("X-API-Key", other);
            (path.isEmpty() ? request.get("/api/precompute-jobs/" + id) : request.post("/api/precompute-jobs/" + id
                    + path)).then().statusCode(404).contentType("application/problem+json");
        }
        progress(id);
    }

    @Test
    void progressMovesForwardCancelStopsAndResumeAfterARestartSkipsFinishedWork() throws Exception {
        long storedAtStart = QuarkusTransaction.requiringNew().call(() -> Explanation.count());
        JsonPath created = create(Map.of("model", "slow-bow", "methods", List.of("occlusion", "kernel_shap"),
                "texts", texts(15)), 202);
        int id = created.getInt("id");
        assertEquals(30, created.getInt("total"));
        int last = 0;
        boolean sawEta = false;
        while (last < 4) {
            JsonPath p = progress(id);
            assertTrue(p.getInt("done") >= last, "progress never goes back");
            last = p.getInt("done");
            sawEta |= p.get("etaSeconds") != null;
            Thread.sleep(20);
        }
        JsonPath p = await(id, x -> x.get("etaSeconds") != null);
        assertTrue(sawEta || p.getDouble("etaSeconds") > 0);

        given().header("X-API-Key", KEY).post("/api/precompute-jobs/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
        int stopped = settled(id);
        Thread.sleep(1000);
        assertEquals(stopped, progress(id).getInt("done"), "a cancelled job does no more work");
        assertTrue(stopped < 30);

        long storedBeforeRestart = QuarkusTransaction.requiringNew().call(() -> Explanation.count());
        long computedBefore = service.computations();
        QuarkusTransaction.requiringNew().run(() -> {
            PrecomputeTask.update("status = 'pending', explanationId = null where jobId = ?1", (long) id);
            PrecomputeJob.update("status = 'running', done = 0 where id = ?1", (long) id);
        });
        jobs.resumeUnfinished();
        JsonPath finished = await(id, x -> x.getString("status").equals("done"));
        assertEquals(30, finished.getInt("done"));
        assertEquals(0, finished.getInt("failed"));
        assertEquals(30 - (storedBeforeRestart - storedAtStart), service.computations() - computedBefore,
                "work finished before the restart is found in the store, not computed again");
        long linked = QuarkusTransaction.requiringNew().call(() -> PrecomputeTask.count(
                "jobId = ?1 and status = 'done' and explanationId is not null", (long) id));
        assertEquals(30, linked);
    }

    /** The job's done count once a task that was running at cancel time has had time to finish (max 20 s). */
    private int settled(int id) throws InterruptedException {
        int done = progress(id).getInt("done");
        for (int i = 0; i < 40; i++) {
            Thread.sleep(500);
            int now = progress(id).getInt("done");
            if (now == done) {
                return now;
            }
            done = now;
        }
        return done;
    }

    @Test
    void aCancelledJobResumesThroughTheApi() throws Exception {
        int id = create(Map.of("model", "slow-bow", "methods", List.of("occlusion"), "texts", texts(6)), 202)
                .getInt("id");
        given().header("X-API-Key", KEY).post("/api/precompute-jobs/" + id + "/cancel").then().statusCode(200);
        await(id, x -> x.getString("status").equals("cancelled"));
        given().header("X-API-Key", KEY).post("/api/precompute-jobs/" + id + "/resume").then().statusCode(200);
        JsonPath done = await(id, x -> x.getString("status").equals("done"));
        assertEquals(6, done.getInt("done"));
        given().header("X-API-Key", KEY).post("/api/precompute-jobs/" + id + "/resume").then().statusCode(409);
        given().header("X-API-Key", KEY).get("/api/precompute-jobs/987654321").then().statusCode(404);
    }

    @Test
    void studyItemsCanBePrecomputed() throws Exception {
        long studyId = QuarkusTransaction.requiringNew().call(() -> {
            Number sid = (Number) em.createNativeQuery("insert into study (slug, title, spec, spec_version, owner, "
                    + "preview_token) values (?1, 'Precompute', '{}'::jsonb, 1, "
                    + "(SELECT id::text FROM app_user WHERE email = ?2), 'token') returning id")
                    .setParameter(1, "pre-" + UUID.randomUUID()).setParameter(2, Bootstrap.KEY_ACCOUNT)
                    .getSingleResult();
            for (int i = 0; i < 3; i++) {
                em.createNativeQuery("insert into study_item (study_id, item_key, position, text, prediction) "
                        + "values (?1, ?2, ?3, ?4, 'positive')").setParameter(1, sid.longValue())
                        .setParameter(2, "item-" + i).setParameter(3, i)
                        .setParameter(4, "a great study item " + i + " " + UUID.randomUUID()).executeUpdate();
            }
            return sid.longValue();
        });
        int id = create(Map.of("model", "bow", "methods", List.of("occlusion", "lime"), "studyId", studyId), 202)
                .getInt("id");
        JsonPath done = await(id, x -> x.getString("status").equals("done"));
        assertEquals(6, done.getInt("done"));
        assertEquals(studyId, done.getLong("studyId"));
    }

    @Test
    void badJobsAreRejectedNamingTheFieldAndNothingIsStored() {
        long before = QuarkusTransaction.requiringNew().call(() -> PrecomputeJob.count());
        rejects(Map.of("model", "nope", "methods", List.of("occlusion"), "texts", List.of("x")), 400, "/model");
        rejects(Map.of("model", "bow", "methods", List.of(), "texts", List.of("x")), 400, "/methods");
        rejects(Map.of("model", "bow", "methods", List.of("occlusion", "magic"), "texts", List.of("x")), 400,
                "/methods/1");
        rejects(Map.of("model", "bow", "methods", List.of("occlusion"), "texts", List.of("fine", "")), 400,
                "/texts/1");
        rejects(Map.of("model", "bow", "methods", List.of("occlusion")), 400, "/texts");
        rejects(Map.of("model", "bow", "methods", List.of("lime"), "texts", List.of("x"),
                "params", Map.of("lime", Map.of("samples", 999999))), 400, "/params/lime/samples");
        rejects(Map.of("model", "bow", "methods", List.of("occlusion"), "texts", List.of("x"), "studyId", 1),
                400, "/studyId");
        rejects(Map.of("model", "bow", "methods", List.of("integrated_gradients"), "texts", List.of("x")), 422,
                "/methods/0");
        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> PrecomputeJob.count()));
    }

    private static void rejects(Map<String, Object> body, int status, String pointer) {
        given().header("X-API-Key", KEY).contentType(ContentType.JSON).body(body).post("/api/precompute-jobs")
                .then().statusCode(status).contentType("application/problem+json")
                .body("errors.pointer", hasItem(pointer));
    }
}
