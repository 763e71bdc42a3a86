package org.xstudy.explain.job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.xstudy.common.ProblemException;
import org.xstudy.explain.ExplanationService;
import org.xstudy.explain.JsonText;
import org.xstudy.explain.job.PrecomputeJob.Status;
import org.xstudy.model.ModelRegistry;

/**
 * Runs one chunk of a precompute job on this node: its pending tasks in order, each through
 * {@link ExplanationService#explain} without recompute (a result already stored is found, not computed again), and
 * records each result only if the task is still pending, so that a chunk run again after a worker died stores and
 * counts nothing twice. Stops between two tasks when the job is cancelled or the node shuts down.
 */
@ApplicationScoped
class ChunkRunner {

    /** How a chunk's run ended. */
    enum Outcome {
        /** No pending task is left in the chunk. */
        FINISHED,
        /** The job is cancelled, failed, done or gone. */
        STOPPED,
        /** The job's model is not registered on this node: another node should take the chunk. */
        ELSEWHERE,
        /** This node is shutting down: the chunk goes back to be claimed again. */
        INTERRUPTED
    }

    private static final Logger LOG = Logger.getLogger(ChunkRunner.class);
    private static final int BATCH = 20;

    @Inject
    ExplanationService explanations;

    @Inject
    ModelRegistry models;

    @Inject
    ObjectMapper json;

    Outcome run(Chunk chunk, String worker, BooleanSupplier stopping) {
        long id = chunk.jobId();
        PrecomputeJob job = QuarkusTransaction.requiringNew().call(() -> start(id));
        if (job == null) {
            return Outcome.STOPPED;
        }
        if (models.find(job.modelId).isEmpty()) {
            LOG.debugf("model %s of job %d is not registered here; chunk %s left to another worker", job.modelId,
                    id, chunk.id());
            return Outcome.ELSEWHERE;
        }
        int from = chunk.from(job.chunkSize);
        int to = chunk.to(job.chunkSize);
        while (true) {
            List<PrecomputeTask> batch = QuarkusTransaction.requiringNew()
                    .call(() -> PrecomputeTask.nextPending(id, from, to, BATCH));
            if (batch.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> finishIfComplete(id));
                return Outcome.FINISHED;
            }
            for (PrecomputeTask task : batch) {
                if (stopping.getAsBoolean()) {
                    return Outcome.INTERRUPTED;
                }
                if (!open(id)) {
                    return Outcome.STOPPED;
                }
                runTask(job, task, worker);
            }
        }
    }

    /** Whether the job is queued or running. */
    boolean open(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PrecomputeJob j = PrecomputeJob.findById(id);
            return j != null && j.open();
        });
    }

    /** Marks the job failed: its chunk failed again and again (e.g. the database was unreachable). */
    void fail(long id, Throwable cause) {
        LOG.errorf(cause, "precompute job %d failed", id);
        QuarkusTransaction.requiringNew().run(() -> {
            PrecomputeJob j = PrecomputeJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (j != null && j.open()) {
                j.status = Status.failed.name();
                j.error = "The job stopped: " + (cause == null ? "unknown" : cause.getClass().getSimpleName());
                j.updatedAt = OffsetDateTime.now();
            }
        });
    }

    private void runTask(PrecomputeJob job, PrecomputeTask task, String worker) {
        Long explanationId = null;
        String error = null;
        try {
            Map<String, Object> params = JsonText.read(json, task.params, new TypeReference<>() {});
            explanationId = explanations.explain(explanations.check(task.text, job.modelId, task.method, params,
                    null), false, job.ownerId).explanation().id;
        } catch (ProblemException e) {
            error = e.problem().detail();
        } catch (RuntimeException e) {
            LOG.warnf(e, "precompute task %d failed", task.id);
            error = "The computation failed: " + e.getClass().getSimpleName();
        }
        Long done = explanationId;
        String failure = error;
        QuarkusTransaction.requiringNew().run(() -> {
            int recorded = PrecomputeTask.update("status = ?1, explanationId = ?2, error = ?3, computedBy = ?4 "
                    + "where id = ?5 and status = 'pending'", done != null ? "done" : "failed", done, failure, worker,
                    task.id);
            if (recorded == 1) {
                PrecomputeJob.update((done != null ? "done = done + 1" : "failed = failed + 1")
                        + ", updatedAt = ?1 where id = ?2", OffsetDateTime.now(), task.jobId);
            }
        });
    }

    /**
     * The job, marked running, or null when it is not queued or running. A queued job (new or resumed) starts a
     * new run: its counts are taken again from its tasks and its run clock (for the ETA) starts.
     */
    private static PrecomputeJob start(long id) {
        PrecomputeJob j = PrecomputeJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (j == null || !j.open()) {
            return null;
        }
        OffsetDateTime now = OffsetDateTime.now();
        if (j.state() == Status.queued || j.runStartedAt == null) {
            j.status = Status.running.name();
            j.done = (int) PrecomputeTask.count("jobId = ?1 and status = 'done'", id);
            j.failed = (int) PrecomputeTask.count("jobId = ?1 and status = 'failed'", id);
            j.runStartedAt = now;
            j.runStartedDone = j.done + j.failed;
            if (j.startedAt == null) {
                j.startedAt = now;
            }
            j.updatedAt = now;
        }
        return j;
    }

    private static void finishIfComplete(long id) {
        PrecomputeJob j = PrecomputeJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (j != null && j.state() == Status.running && PrecomputeTask.count("jobId = ?1 and status = 'pending'",
                id) == 0) {
            j.status = Status.done.name();
            j.finishedAt = OffsetDateTime.now();
            j.updatedAt = j.finishedAt;
        }
    }
}
