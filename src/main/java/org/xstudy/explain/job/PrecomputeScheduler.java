package org.xstudy.explain.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Hands precompute chunks to worker nodes through db-scheduler on the application's PostgreSQL (table
 * {@code scheduled_tasks}): each chunk is one execution of the task {@value #TASK}, claimed by one worker with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}, kept by its heartbeats, and revived for another worker when they stop
 * (a killed worker). A node that is not a worker ({@code xstudy.precompute.worker=false}) only schedules chunks.
 */
@ApplicationScoped
public class PrecomputeScheduler {

    static final String TASK = "precompute-chunk";
    private static final Logger LOG = Logger.getLogger(PrecomputeScheduler.class);
    private static final Duration ELSEWHERE_DELAY = Duration.ofSeconds(10);
    private static final int MAX_RETRIES = 5;

    @Inject
    DataSource dataSource;

    @Inject
    WorkerSettings settings;

    @Inject
    ChunkRunner runner;

    private CustomTask<Void> task;
    private SchedulerClient client;
    private Scheduler scheduler;
    private String name;

    /** Before other startup observers: the service schedules missing chunks at startup through this. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        name = settings.name().filter(n -> !n.isBlank()).orElseGet(PrecomputeScheduler::defaultName);
        task = Tasks.custom(TASK, Void.class)
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(MAX_RETRIES,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5)),
                        (complete, ops) -> runner.fail(Chunk.parse(complete.getExecution().taskInstance.getId())
                                .jobId(), complete.getCause().orElse(null))))
                .execute((instance, context) -> {
                    Chunk chunk = Chunk.parse(instance.getId());
                    ChunkRunner.Outcome outcome = runner.run(chunk, name,
                            () -> context.getSchedulerState().isShuttingDown());
                    return completion(chunk, outcome);
                });
        if (settings.worker()) {
            scheduler = Scheduler.create(dataSource, List.of(task))
                    .schedulerName(new SchedulerName.Fixed(name))
                    .threads(Math.max(1, settings.threads()))
                    .pollingInterval(settings.poll())
                    .heartbeatInterval(settings.heartbeat())
                    .missedHeartbeatsLimit(Math.max(4, settings.missedHeartbeats()))
                    .pollUsingLockAndFetch(0.5, 1.0)
                    .enableImmediateExecution()
                    .shutdownMaxWait(Duration.ofSeconds(20))
                    .build();
            scheduler.start();
            client = scheduler;
            LOG.infof("precompute worker %s started: %d thread(s), takeover after %s without a heartbeat", name,
                    settings.threads(), settings.heartbeat().multipliedBy(settings.missedHeartbeats()));
        } else {
            client = SchedulerClient.Builder.create(dataSource, List.of(task)).build();
            LOG.info("this node claims no precompute chunks (xstudy.precompute.worker=false)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    /** The name this node claims chunks under. */
    public String name() {
        return name;
    }

    /** Schedules every chunk of a new job with pending tasks, now. */
    void scheduleAll(long jobId, int total, int chunkSize) {
        List<TaskInstance<?>> chunks = new ArrayList<>();
        for (int i = 0; i < Chunk.count(total, chunkSize); i++) {
            chunks.add(task.instance(new Chunk(jobId, i).id()));
        }
        try {
            client.scheduleBatch(chunks, Instant.now());
        } catch (RuntimeException e) {
            // the periodic repair scheduled some first
            scheduleMissing(jobId);
        }
    }

    /**
     * Schedules the chunks of a job that hold pending tasks and have no execution (a job resumed, or one whose
     * chunks were never scheduled because its node stopped right after creating it). Returns how many.
     */
    int scheduleMissing(long jobId) {
        int scheduled = 0;
        for (int index : query("SELECT DISTINCT t.position / j.chunk_size FROM precompute_task t "
                + "JOIN precompute_job j ON j.id = t.job_id WHERE t.job_id = ? AND t.status = 'pending' "
                + "AND NOT EXISTS (SELECT 1 FROM scheduled_tasks s WHERE s.task_name = '" + TASK + "' "
                + "AND s.task_instance = t.job_id || ':' || (t.position / j.chunk_size))", jobId, rs -> rs.getInt(1))) {
            if (client.scheduleIfNotExists(task.instance(new Chunk(jobId, index).id()), Instant.now())) {
                scheduled++;
            }
        }
        return scheduled;
    }

    /** The workers that hold a chunk of the job now. */
    List<String> holders(long jobId) {
        return query("SELECT DISTINCT picked_by FROM scheduled_tasks WHERE task_name = '" + TASK + "' AND picked "
                + "AND task_instance LIKE ? ORDER BY 1", jobId + ":%", rs -> rs.getString(1));
    }

    private CompletionHandler<Void> completion(Chunk chunk, ChunkRunner.Outcome outcome) {
        return switch (outcome) {
            case FINISHED -> new CompletionHandler.OnCompleteRemove<>();
            case INTERRUPTED -> (complete, ops) -> ops.reschedule(complete, Instant.now());
            case ELSEWHERE -> (complete, ops) -> ops.reschedule(complete, Instant.now().plus(ELSEWHERE_DELAY));
            case STOPPED -> (complete, ops) -> {
                ops.remove();
                // resumed while this chunk was stopping: the resume may have found this execution still there
                if (runner.open(chunk.jobId())) {
                    scheduleMissing(chunk.jobId());
                }
            };
        };
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Object parameter, Row<T> row) {
        List<T> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the precompute chunks cannot be read", e);
        }
        return out;
    }

    private static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
