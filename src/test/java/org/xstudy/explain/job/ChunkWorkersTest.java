package org.xstudy.explain.job;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.account.Bootstrap;
import org.xstudy.account.User;
import org.xstudy.explain.ClosedFormModels;
import org.xstudy.explain.DelegatingClassifier;
import org.xstudy.explain.Explanation;
import org.xstudy.explain.ExplanationService;
import org.xstudy.explain.JsonText;
import org.xstudy.model.ModelRegistry;
import org.xstudy.model.TextClassifier;

/**
 * Chunks of precompute jobs on worker nodes: a job is split into chunks of the configured size ({@code %test}: 5
 * tasks), a chunk held by a worker that stopped sending heartbeats is taken over by this node's worker through
 * db-scheduler, and two workers running the same chunk at once store and count every (item, method) once.
 */
@QuarkusTest
class ChunkWorkersTest {

    static final String KEY = "dev-researcher-key";
    static final TextClassifier BOW = new ClosedFormModels.BagOfWordsLogistic("workers-bow", Map.of("good", 1.2,
            "bad", -1.5, "dull", -0.7, "plot", -0.2), 0.3);

    /** The bag-of-words model, 20 ms per forward pass: two runners on one chunk overlap. */
    static final class Slow extends DelegatingClassifier {

        Slow() {
            super(BOW);
        }

        @Override
        public String id() {
            return "workers-slow";
        }

        @Override
        public double[][] predictProba(List<String> texts) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.predictProba(texts);
        }
    }

    @Inject
    ModelRegistry registry;

    @Inject
    ExplanationService explanations;

    @Inject
    ChunkRunner runner;

    @Inject
    PrecomputeScheduler scheduler;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void registerModels() {
        registry.register(BOW);
        registry.register(new Slow());
    }

    @Test
    void chunkMathCoversEveryTaskOnce() {
        assertEquals(5, Chunk.count(24, 5));
        assertEquals(1, Chunk.count(5, 5));
        Chunk last = Chunk.parse(new Chunk(42, 4).id());
        assertEquals(new Chunk(42, 4), last);
        assertEquals(20, last.from(5));
        assertEquals(25, last.to(5));
    }

    @Test
    void aJobIsSplitIntoChunksAndEveryItemAndMethodIsComputedOnce() throws Exception {
        List<String> texts = texts(12);
        JsonPath created = given().header("X-API-Key", KEY).contentType(ContentType.JSON)
                .body(Map.of("model", BOW.id(), "methods", List.of("occlusion", "lime"),
                        "params", Map.of("lime", Map.of("samples", 30)), "texts", texts))
                .post("/api/precompute-jobs").then().statusCode(202).extract().jsonPath();
        long id = created.getLong("id");
        assertEquals(24, created.getInt("total"));
        assertEquals(5, created.getInt("chunkSize"));
        assertEquals(List.of("occlusion", "lime"), created.getList("methods.method"));
        assertEquals(30, created.getInt("methods[1].params.samples"), "the job shows its parameters");
        JsonPath done = awaitDone(id);
        assertEquals(24, done.getInt("done"));
        assertEquals(0, done.getInt("failed"));
        assertEquals(List.of(), done.getList("workers"), "no worker holds a chunk of a finished job");
        assertEquals(0L, (long) count("SELECT count(*) FROM scheduled_tasks WHERE task_instance LIKE ?1",
                id + ":%"), "finished chunks leave the engine's table");
        assertEachItemAndMethodStoredOnce(id, 12, 2);
        assertEquals(Set.of(scheduler.name()), computedBy(id));
    }

    @Test
    void aChunkWhoseWorkerStoppedSendingHeartbeatsIsTakenOverWithoutComputingStoredWorkAgain() throws Exception {
        List<String> texts = texts(5);
        PrecomputeJob job = storeJob(BOW.id(), texts, "occlusion");
        // a worker claimed chunk 0 (its heartbeat not due yet), finished task 0 and stored task 1's explanation,
        // then died before recording task 1
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("INSERT INTO scheduled_tasks (task_name, "
                + "task_instance, execution_time, picked, picked_by, last_heartbeat, version) VALUES "
                + "('precompute-chunk', ?1, now(), true, 'dead-node', now() + interval '1 hour', 1)")
                .setParameter(1, job.id + ":0").executeUpdate());
        runner.run(new Chunk(job.id, 0), "dead-node", stopAfter(1));
        Map<String, Object> params = explanations.check(texts.get(1), BOW.id(), "occlusion", null, null).params()
                .asMap();
        long stored = explanations.explain(explanations.check(texts.get(1), BOW.id(), "occlusion", params, null),
                false, job.ownerId).explanation().id;
        assertEquals(1, count("SELECT done FROM precompute_job WHERE id = ?1", job.id));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE scheduled_tasks SET last_heartbeat "
                + "= now() - interval '1 hour' WHERE task_instance = ?1").setParameter(1, job.id + ":0")
                .executeUpdate());

        JsonPath done = awaitDone(job.id);
        assertEquals(5, done.getInt("done"));
        assertEachItemAndMethodStoredOnce(job.id, 5, 1);
        assertEquals(stored, ((Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT explanation_id FROM precompute_task WHERE job_id = ?1 AND item = 1").setParameter(1, job.id)
                .getSingleResult())).longValue(), "task 1 links the explanation the dead worker stored, not recomputed");
        assertEquals(Set.of("dead-node", scheduler.name()), computedBy(job.id));
    }

    @Test
    void twoWorkersOnTheSameChunkStoreAndCountEachTaskOnce() throws Exception {
        List<String> texts = texts(5);
        PrecomputeJob job = storeJob("workers-slow", texts, "occlusion", "kernel_shap");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ChunkRunner.Outcome>> runs = new ArrayList<>();
            for (String worker : List.of("worker-a", "worker-b")) {
                runs.add(pool.submit(() -> {
                    ChunkRunner.Outcome last = null;
                    for (int chunk = 0; chunk < 2; chunk++) {
                        last = runner.run(new Chunk(job.id, chunk), worker, () -> false);
                    }
                    return last;
                }));
            }
            for (Future<ChunkRunner.Outcome> run : runs) {
                assertEquals(ChunkRunner.Outcome.FINISHED, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
        PrecomputeJob after = QuarkusTransaction.requiringNew().call(() -> PrecomputeJob.findById(job.id));
        assertEquals("done", after.status);
        assertEquals(10, after.done, "each task counted once although both workers ran it");
        assertEquals(0, after.failed);
        assertEachItemAndMethodStoredOnce(job.id, 5, 2);
    }

    private static List<String> texts(int n) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("a good film " + i + " " + tag + " with a dull plot");
        }
        return out;
    }

    /** A job of the key account stored as the service does, with no chunk scheduled. */
    private PrecomputeJob storeJob(String model, List<String> texts, String... methods) {
        return QuarkusTransaction.requiringNew().call(() -> {
            OffsetDateTime now = OffsetDateTime.now();
            PrecomputeJob j = new PrecomputeJob();
            j.modelId = model;
            j.methods = "[]";
            j.ownerId = User.byEmail(Bootstrap.KEY_ACCOUNT).orElseThrow().id;
            j.status = "queued";
            j.total = texts.size() * methods.length;
            j.chunkSize = 5;
            j.createdAt = now;
            j.updatedAt = now;
            j.persist();
            int position = 0;
            for (int i = 0; i < texts.size(); i++) {
                for (String m : methods) {
                    PrecomputeTask t = new PrecomputeTask();
                    t.jobId = j.id;
                    t.position = position++;
                    t.item = i;
                    t.method = m;
                    t.params = JsonText.write(json, explanations.check(texts.get(i), model, m, null, null).params()
                            .asMap());
                    t.text = texts.get(i);
                    t.status = "pending";
                    t.persist();
                }
            }
            return j;
        });
    }

    /** Stops a runner after {@code n} tasks, as a worker killed there would. */
    private static java.util.function.BooleanSupplier stopAfter(int n) {
        int[] asked = {0};
        return () -> asked[0]++ >= n;
    }

    private void assertEachItemAndMethodStoredOnce(long jobId, int items, int methods) {
        assertEquals((long) items * methods, count("SELECT count(*) FROM precompute_task WHERE job_id = ?1 "
                + "AND status = 'done' AND explanation_id IS NOT NULL", jobId));
        assertEquals((long) items * methods, count("SELECT count(DISTINCT (item, method)) FROM precompute_task "
                + "WHERE job_id = ?1", jobId));
        assertEquals((long) items * methods, count("SELECT count(DISTINCT explanation_id) FROM precompute_task "
                + "WHERE job_id = ?1", jobId), "one stored explanation per (item, method)");
        assertEquals(0L, count("SELECT count(*) FROM explanation e JOIN precompute_task t ON t.explanation_id = e.id "
                + "WHERE t.job_id = ?1 AND e.computations <> 1", jobId), "no stored explanation was overwritten");
    }

    private Set<String> computedBy(long jobId) {
        return new HashSet<>(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT DISTINCT computed_by FROM precompute_task WHERE job_id = ?1", String.class)
                .setParameter(1, jobId).getResultList()));
    }

    private long count(String sql, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }

    private static JsonPath awaitDone(long id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        JsonPath p = null;
        while (System.currentTimeMillis() < deadline) {
            p = given().header("X-API-Key", KEY).get("/api/precompute-jobs/" + id).then().statusCode(200).extract()
                    .jsonPath();
            if (p.getString("status").equals("done")) {
                return p;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " not done: " + (p == null ? "" : p.prettify()));
    }
}
