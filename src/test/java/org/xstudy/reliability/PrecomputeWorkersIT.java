package org.xstudy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Precompute on worker nodes (issue 18): three worker processes of the packaged app share one precompute job
 * (occlusion and LIME on a TorchScript model exported by PyTorch), and one of them is killed with {@code kill -9}
 * while it holds a chunk with pending tasks. The job must complete with every (item, method) computed once into
 * the store: one task per (item, method), each done and linked to its own stored explanation, none stored twice or
 * overwritten; the dead worker's unfinished tasks are done by the others. {@code -Dworkers.items=N} changes the size.
 */
class PrecomputeWorkersIT {

    private static final int ITEMS = Integer.getInteger("workers.items", 60);

    @Test
    void threeWorkersShareAJobAndAKilledWorkersChunksAreTakenOver() throws Exception {
        try (WorkerNodes workers = WorkerNodes.start(3)) {
            List<String> texts = WorkerNodes.sentences().subList(0, ITEMS);
            Map<String, Object> methods = new LinkedHashMap<>();
            methods.put("occlusion", Map.of());
            methods.put("lime", Map.of("samples", 64));
            long started = System.nanoTime();
            long id = workers.createJob(texts, methods);
            int total = ITEMS * methods.size();
            String prefix = id + ":%";
            String victim = "worker-2";

            // kill worker-2 once a fifth of the job is done and it holds a chunk with at least 3 pending tasks
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                long done = Db.scalar("SELECT done FROM precompute_job WHERE id = ?", id);
                long held = Db.scalar("SELECT count(*) FROM scheduled_tasks s JOIN precompute_task t "
                        + "ON t.job_id = ? AND t.status = 'pending' AND t.position / ? = "
                        + "split_part(s.task_instance, ':', 2)::int WHERE s.task_name = 'precompute-chunk' "
                        + "AND s.picked AND s.picked_by = ? AND s.task_instance LIKE ?", id, WorkerNodes.CHUNK_SIZE,
                        victim, prefix);
                if (done >= total / 5 && held >= 3) {
                    break;
                }
                assertTrue(done < total * 4 / 5, "the job is too quick to kill a worker mid-job: " + done);
                Thread.sleep(50);
            }
            workers.nodes.get(1).killHard();
            long killedAt = System.nanoTime();
            long doneAtKill = Db.scalar("SELECT done FROM precompute_job WHERE id = ?", id);
            List<Object> orphaned = Db.column("SELECT t.id FROM scheduled_tasks s JOIN precompute_task t "
                    + "ON t.job_id = ? AND t.status = 'pending' AND t.position / ? = "
                    + "split_part(s.task_instance, ':', 2)::int WHERE s.task_name = 'precompute-chunk' "
                    + "AND s.picked_by = ? AND s.task_instance LIKE ?", id, WorkerNodes.CHUNK_SIZE, victim, prefix);
            assertFalse(orphaned.isEmpty(), "the killed worker held pending tasks");

            JsonNode job = workers.await(id, workers.nodes.get(0), Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("workers: items=%d tasks=%d done_at_kill=%d orphaned=%d finished_in=%.1f s "
                    + "(%.1f s after the kill) by_worker=%s%n", ITEMS, total, doneAtKill, orphaned.size(), seconds,
                    (System.nanoTime() - killedAt) / 1e9, Db.column("SELECT computed_by || '=' || count(*) FROM "
                    + "precompute_task WHERE job_id = ? GROUP BY computed_by ORDER BY 1", id));

            assertEquals("done", job.get("status").asText(), job.toString());
            assertEquals(total, job.get("done").asInt(), "every task counted once: " + job);
            assertEquals(0, job.get("failed").asInt(), job.toString());
            assertEquals(total, Db.scalar("SELECT count(*) FROM precompute_task WHERE job_id = ?", id));
            assertEquals(total, Db.scalar("SELECT count(DISTINCT (item, method)) FROM precompute_task "
                    + "WHERE job_id = ? AND status = 'done'", id), "every (item, method) done");
            assertEquals(total, Db.scalar("SELECT count(DISTINCT explanation_id) FROM precompute_task "
                    + "WHERE job_id = ?", id), "each (item, method) has its own stored explanation");
            assertEquals(0, Db.scalar("SELECT count(*) FROM explanation e JOIN precompute_task t "
                    + "ON t.explanation_id = e.id WHERE t.job_id = ? AND e.computations <> 1", id),
                    "no explanation stored twice over");
            assertEquals(0, Db.scalar("SELECT count(*) FROM (SELECT 1 FROM explanation WHERE model_id = ? "
                    + "GROUP BY owner_id, method, params_key, text_hash, target HAVING count(*) > 1) d",
                    workers.model), "no duplicate rows in the store");
            assertEquals(total, Db.scalar("SELECT count(*) FROM explanation WHERE model_id = ?", workers.model));
            assertEquals(0, Db.scalar("SELECT count(*) FROM scheduled_tasks WHERE task_instance LIKE ?", prefix),
                    "no chunk left in the engine");

            Set<String> takenOverBy = new HashSet<>();
            for (Object task : orphaned) {
                takenOverBy.add((String) Db.column("SELECT computed_by FROM precompute_task WHERE id = ?", task)
                        .get(0));
            }
            assertFalse(takenOverBy.contains(victim), "the dead worker's pending tasks were done by others");
            assertTrue(Set.of("worker-1", "worker-3").containsAll(takenOverBy), takenOverBy.toString());
            Set<Object> contributors = new HashSet<>(Db.column("SELECT DISTINCT computed_by FROM precompute_task "
                    + "WHERE job_id = ?", id));
            assertEquals(Set.of("worker-1", "worker-2", "worker-3"), contributors,
                    "all three workers computed part of the job");
        }
    }
}
