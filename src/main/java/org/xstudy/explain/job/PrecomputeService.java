package org.xstudy.explain.job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.xstudy.study.StudyItem;
import org.xstudy.study.StudyService;

/**
 * Creates precompute jobs and reports, cancels and resumes them; job and task state live in PostgreSQL. A job's tasks
 * are split into chunks that worker nodes claim through {@link PrecomputeScheduler} and run with {@link ChunkRunner};
 * work already stored is not done again. Every node schedules the missing chunks of open jobs at startup and every
 * 30 seconds (a node that stopped right after creating a job); cancel takes effect between two tasks.
 */
@ApplicationScoped
public class PrecomputeService {

    public static final int MAX_TEXTS = 10_000;
    public static final int MAX_TASKS = 100_000;

    @Inject
    ExplanationService explanations;

    @Inject
    ObjectMapper json;

    @Inject
    PrecomputeScheduler chunks;

    @Inject
    WorkerSettings settings;

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
        chunks.scheduleAll(job.id, job.total, job.chunkSize);
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
        chunks.scheduleMissing(id);
        return view(job);
    }

    void onStart(@Observes StartupEvent event) {
        resumeUnfinished();
    }

    /** Schedules the missing chunks of every job that is queued or running in the database. */
    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void resumeUnfinished() {
        List<Long> open = QuarkusTransaction.requiringNew().call(() -> PrecomputeJob.<PrecomputeJob>list(
                "status in ?1 order by id", List.of(Status.queued.name(), Status.running.name())))
                .stream().map(j -> j.id).toList();
        open.forEach(chunks::scheduleMissing);
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
        job.chunkSize = Math.max(1, settings.chunkSize());
        job.createdAt = now;
        job.updatedAt = now;
        job.persist();
        int position = 0;
        for (int i = 0; i < items.size(); i++) {
            String[] item = items.get(i);
            for (Map.Entry<String, String> m : resolved.entrySet()) {
                PrecomputeTask t = new PrecomputeTask();
                t.jobId = job.id;
                t.position = position++;
                t.item = i;
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
        int finished = j.done + j.failed;
        if (j.state() == Status.running && j.runStartedAt != null && finished > j.runStartedDone) {
            double seconds = Duration.between(j.runStartedAt, OffsetDateTime.now()).toNanos() / 1e9;
            eta = Math.max(0, seconds) / (finished - j.runStartedDone) * (j.total - finished);
        }
        List<JobView.Method> methods = JsonText.read(json, j.methods, new TypeReference<>() {});
        List<String> workers = j.state() == Status.running ? chunks.holders(j.id) : List.of();
        return new JobView(j.id, j.modelId, methods, j.studyId, j.datasetId, j.status, j.total, j.done, j.failed, eta,
                j.error, j.createdAt, j.startedAt, j.finishedAt, j.chunkSize, workers);
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
