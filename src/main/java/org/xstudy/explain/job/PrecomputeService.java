package org.xstudy.explain.job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.xstudy.common.Actor;
import org.xstudy.common.JsonPointers;
import org.xstudy.common.Ownership;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.dataset.Dataset;
import org.xstudy.dataset.DatasetService;
import org.xstudy.explain.ExplanationService;
import org.xstudy.explain.JsonText;
import org.xstudy.explain.job.PrecomputeJob.Status;
import org.xstudy.model.ModelRegistry;
import org.xstudy.study.StudyItem;
import org.xstudy.study.StudyService;

/**
 * Runs precompute jobs on one background worker thread, task by task, keeping job and task state in PostgreSQL.
 * Each task goes through {@link ExplanationService#explain} without recompute, so work that is already stored is
 * not done again. Jobs left running or queued by a stopped server are picked up at startup and every 30 seconds
 * (once their model is registered); cancel takes effect between two tasks.
 */
@ApplicationScoped
public class PrecomputeService {

    public static final int MAX_TEXTS = 10_000;
    public static final int MAX_TASKS = 100_000;
    private static final Logger LOG = Logger.getLogger(PrecomputeService.class);
    private static final int BATCH = 20;

    @Inject
    ExplanationService explanations;

    @Inject
    ModelRegistry models;

    @Inject
    ObjectMapper json;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "xstudy-precompute");
        t.setDaemon(true);
        return t;
    });
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private final Map<Long, long[]> clocks = new ConcurrentHashMap<>();

    @Inject
    DatasetService datasets;

    @Inject
    StudyService studies;

    /**
     * Checks the request completely, stores the job and its tasks, and queues it. {@code who} started it (null
     * for none, as in benchmarks); a data set must be theirs.
     */
    public JobView create(PrecomputeRequest req, Actor who) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String[]> items = items(req, who, errors);
        List<String> methods = req.methods() == null ? List.of() : req.methods();
        if (methods.isEmpty()) {
            errors.add(new Problem.FieldError("/methods", "methods must name at least one method."));
        } else if (methods.stream().distinct().count() < methods.size()) {
            errors.add(new Problem.FieldError("/methods", "methods must not repeat."));
        }
        Map<String, Map<String, Object>> given = req.params() == null ? Map.of() : req.params();
        given.keySet().stream().filter(m -> !methods.contains(m)).forEach(m -> errors.add(
                new Problem.FieldError("/params/" + JsonPointers.escape(m),
                        "params given for a method not in methods.")));
        if ((long) items.size() * methods.size() > MAX_TASKS) {
            errors.add(new Problem.FieldError("/texts", "At most " + MAX_TASKS + " methods × items per job."));
        }
        String probe = items.isEmpty() ? "probe" : items.get(0)[1];
        Map<String, String> resolved = new LinkedHashMap<>();
        int status = 400;
        for (int i = 0; i < methods.size(); i++) {
            String m = methods.get(i);
            try {
                resolved.put(m, write(explanations.check(probe, req.model(), m, given.get(m), null).params().asMap()));
            } catch (ProblemException e) {
                status = Math.max(status, e.problem().status());
                for (Problem.FieldError f : e.problem().errors()) {
                    String pointer = f.pointer().equals("/method") ? "/methods/" + i
                            : f.pointer().startsWith("/params/") ? "/params/" + JsonPointers.escape(m)
                            + f.pointer().substring(7) : f.pointer();
                    if (!pointer.equals("/text") && errors.stream().noneMatch(x -> x.pointer().equals(pointer))) {
                        errors.add(new Problem.FieldError(pointer, f.message()));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            Problem p = Problem.invalid(errors.size() == 1 ? errors.get(0).message() : errors.size()
                    + " fields are invalid.", errors);
            throw new ProblemException(new Problem(p.type(), status == 422 ? "Method needs gradients" : p.title(),
                    status, p.detail(), errors));
        }
        PrecomputeJob job = QuarkusTransaction.requiringNew().call(() -> store(req, who, items, resolved));
        enqueue(job.id);
        return view(job);
    }

    public JobView get(long id) {
        return view(QuarkusTransaction.requiringNew().call(() -> load(id)));
    }

    /** The job if {@code who} started it. */
    public Optional<JobView> find(long id, Actor who) {
        return QuarkusTransaction.requiringNew().call(() -> PrecomputeJob.<PrecomputeJob>find("id = ?1 and ownerId = ?2",
                id, who.id()).firstResultOptional()).map(this::view);
    }

    /** The latest {@code n} jobs {@code who} started, newest first. */
    public List<JobView> recent(Actor who, int n) {
        return QuarkusTransaction.requiringNew().call(() -> PrecomputeJob.<PrecomputeJob>find(
                "ownerId = ?1 order by id desc", who.id()).page(0, n).list()).stream().map(this::view).toList();
    }

    /** Stops a queued or running job after its current task; finished work stays. */
    public JobView cancel(long id) {
        PrecomputeJob job = QuarkusTransaction.requiringNew().call(() -> {
            PrecomputeJob j = lock(id);
            if (j.state() == Status.done) {
                throw ProblemException.conflict("Job " + id + " is done; there is nothing to cancel.");
            }
            if (j.state() == Status.queued || j.state() == Status.running) {
                j.status = Status.cancelled.name();
                j.updatedAt = OffsetDateTime.now();
            }
            return j;
        });
        return view(job);
    }

    /** Runs a cancelled or failed job again from its first unfinished task. */
    public JobView resume(long id) {
        PrecomputeJob job = QuarkusTransaction.requiringNew().call(() -> {
            PrecomputeJob j = lock(id);
            if (j.state() == Status.done) {
                throw ProblemException.conflict("Job " + id + " is done; there is nothing to resume.");
            }
            if (j.state() != Status.running) {
                j.status = Status.queued.name();
                j.finishedAt = null;
                j.updatedAt = OffsetDateTime.now();
            }
            return j;
        });
        enqueue(id);
        return view(job);
    }

    void onStart(@Observes StartupEvent event) {
        resumeUnfinished();
    }

    /** Queues every job that is queued or running in the database and whose model is registered. */
    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void resumeUnfinished() {
        List<PrecomputeJob> open = QuarkusTransaction.requiringNew().call(() -> PrecomputeJob.<PrecomputeJob>list(
                "status in ?1 order by id", List.of(Status.queued.name(), Status.running.name())));
        for (PrecomputeJob j : open) {
            if (models.find(j.modelId).isPresent()) {
                enqueue(j.id);
            }
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private void enqueue(long id) {
        if (queued.add(id)) {
            worker.submit(() -> run(id));
        }
    }

    private void run(long id) {
        boolean resumed = false;
        try {
            PrecomputeJob job = QuarkusTransaction.requiringNew().call(() -> start(id));
            if (job == null || models.find(job.modelId).isEmpty()) {
                return;
            }
            clocks.put(id, new long[] {System.nanoTime(), job.done + job.failed});
            while (!Thread.currentThread().isInterrupted()) {
                List<PrecomputeTask> batch = QuarkusTransaction.requiringNew()
                        .call(() -> PrecomputeTask.nextPending(id, BATCH));
                if (batch.isEmpty()) {
                    QuarkusTransaction.requiringNew().run(() -> finish(id));
                    return;
                }
                for (PrecomputeTask task : batch) {
                    Status now = QuarkusTransaction.requiringNew().call(() -> load(id)).state();
                    if (now != Status.running) {
                        resumed = now == Status.queued;
                        return;
                    }
                    runTask(job, task);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "precompute job %d failed", id);
            QuarkusTransaction.requiringNew().run(() -> fail(id, e));
        } finally {
            clocks.remove(id);
            queued.remove(id);
            if (resumed) {
                // cancelled and resumed while this run was still in a task: its enqueue found the job taken
                enqueue(id);
            }
        }
    }

    private void runTask(PrecomputeJob job, PrecomputeTask task) {
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
            PrecomputeTask t = PrecomputeTask.findById(task.id);
            t.status = done != null ? "done" : "failed";
            t.explanationId = done;
            t.error = failure;
            PrecomputeJob.update((done != null ? "done = done + 1" : "failed = failed + 1")
                    + ", updatedAt = ?1 where id = ?2", OffsetDateTime.now(), task.jobId);
        });
    }

    private static PrecomputeJob start(long id) {
        PrecomputeJob j = PrecomputeJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (j == null || (j.state() != Status.queued && j.state() != Status.running)) {
            return null;
        }
        j.status = Status.running.name();
        if (j.startedAt == null) {
            j.startedAt = OffsetDateTime.now();
        }
        j.done = (int) PrecomputeTask.count("jobId = ?1 and status = 'done'", id);
        j.failed = (int) PrecomputeTask.count("jobId = ?1 and status = 'failed'", id);
        j.updatedAt = OffsetDateTime.now();
        return j;
    }

    private static void finish(long id) {
        PrecomputeJob j = PrecomputeJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (j.state() == Status.running) {
            j.status = Status.done.name();
            j.finishedAt = OffsetDateTime.now();
            j.updatedAt = j.finishedAt;
        }
    }

    private static void fail(long id, RuntimeException e) {
        PrecomputeJob j = PrecomputeJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (j != null) {
            j.status = Status.failed.name();
            j.error = "The job stopped: " + e.getClass().getSimpleName();
            j.updatedAt = OffsetDateTime.now();
        }
    }

    private PrecomputeJob store(PrecomputeRequest req, Actor who, List<String[]> items, Map<String, String> resolved) {
        OffsetDateTime now = OffsetDateTime.now();
        PrecomputeJob job = new PrecomputeJob();
        job.modelId = req.model();
        List<Map<String, Object>> methods = new ArrayList<>();
        resolved.forEach((m, p) -> methods.add(Map.of("method", m, "params",
                JsonText.read(json, p, new TypeReference<Map<String, Object>>() {}))));
        job.methods = write(methods);
        job.studyId = req.studyId();
        job.datasetId = req.datasetId();
        job.ownerId = Ownership.of(who);
        job.status = Status.queued.name();
        job.total = items.size() * resolved.size();
        job.createdAt = now;
        job.updatedAt = now;
        job.persist();
        int position = 0;
        for (String[] item : items) {
            for (Map.Entry<String, String> m : resolved.entrySet()) {
                PrecomputeTask t = new PrecomputeTask();
                t.jobId = job.id;
                t.position = position++;
                t.method = m.getKey();
                t.params = m.getValue();
                t.itemKey = item[0];
                t.text = item[1];
                t.status = "pending";
                t.persist();
            }
        }
        return job;
    }

    /** The items as {@code [itemKey, text]}: the given texts, the items of the study, or the data set's rows. */
    private List<String[]> items(PrecomputeRequest req, Actor who, List<Problem.FieldError> errors) {
        List<String[]> out = new ArrayList<>();
        int sources = (req.texts() != null ? 1 : 0) + (req.studyId() != null ? 1 : 0) + (req.datasetId() != null ? 1 : 0);
        if (sources > 1) {
            errors.add(new Problem.FieldError(req.datasetId() != null ? "/datasetId" : "/studyId",
                    "Give one of texts, studyId or datasetId."));
        } else if (req.datasetId() != null) {
            Optional<Dataset> d = who == null ? Optional.empty() : datasets.find(req.datasetId(), who);
            if (d.isEmpty()) {
                errors.add(new Problem.FieldError("/datasetId", "You have no data set " + req.datasetId() + "."));
            } else {
                datasets.rows(d.get().id, 0, d.get().rowCount)
                        .forEach(r -> out.add(new String[] {"row:" + r.position(), r.text()}));
            }
        } else if (req.studyId() != null) {
            List<StudyItem> rows = !mayChange(req.studyId(), who) ? List.of() : QuarkusTransaction.requiringNew()
                    .call(() -> StudyItem.<StudyItem>list("studyId = ?1 order by position", req.studyId()));
            if (rows.isEmpty()) {
                errors.add(new Problem.FieldError("/studyId", "No study " + req.studyId() + " with items."));
            }
            rows.forEach(r -> out.add(new String[] {r.itemKey, r.text}));
        } else if (req.texts() == null || req.texts().isEmpty()) {
            errors.add(new Problem.FieldError("/texts", "texts must hold at least one text (or give studyId or datasetId)."));
        } else if (req.texts().size() > MAX_TEXTS) {
            errors.add(new Problem.FieldError("/texts", "At most " + MAX_TEXTS + " texts per job."));
        } else {
            for (int i = 0; i < req.texts().size(); i++) {
                String problem = ExplanationService.textProblem(req.texts().get(i));
                if (problem != null) {
                    errors.add(new Problem.FieldError("/texts/" + i, problem));
                }
                out.add(new String[] {null, req.texts().get(i)});
            }
        }
        return out;
    }

    /** Whether {@code who} owns or edits the study: a viewer collaborator reads its items but runs nothing on them. */
    private boolean mayChange(long studyId, Actor who) {
        return who != null && QuarkusTransaction.requiringNew().call(() -> studies.visible(studyId, who)
                .filter(s -> !"viewer".equals(studies.access(s, who))).isPresent());
    }

    private JobView view(PrecomputeJob j) {
        Double eta = null;
        long[] clock = clocks.get(j.id);
        int finished = j.done + j.failed;
        if (j.state() == Status.running && clock != null && finished > clock[1]) {
            double seconds = (System.nanoTime() - clock[0]) / 1e9;
            eta = seconds / (finished - clock[1]) * (j.total - finished);
        }
        List<JobView.Method> methods = JsonText.read(json, j.methods, new TypeReference<>() {});
        return new JobView(j.id, j.modelId, methods, j.studyId, j.datasetId, j.status, j.total, j.done, j.failed, eta,
                j.error, j.createdAt, j.startedAt, j.finishedAt);
    }

    /**
     * The job, locked until the transaction ends: status changes (start, cancel, resume, finish, fail) are made
     * under the lock, so a cancel is never overwritten by a run that read the job just before.
     */
    private static PrecomputeJob lock(long id) {
        PrecomputeJob j = PrecomputeJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (j == null) {
            throw ProblemException.notFound("Precompute job " + id);
        }
        return j;
    }

    private static PrecomputeJob load(long id) {
        PrecomputeJob j = PrecomputeJob.findById(id);
        if (j == null) {
            throw ProblemException.notFound("Precompute job " + id);
        }
        return j;
    }

    private String write(Object value) {
        return JsonText.write(json, value);
    }
}
