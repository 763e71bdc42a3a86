package org.xstudy.explain.job;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.xstudy.explain.Explanation;
import org.xstudy.explain.JsonText;
import org.xstudy.explain.api.ExplanationView;
import org.xstudy.export.CsvWriter;

/**
 * Reads a precompute job's results back: its tasks in job order joined to the explanations they stored. Callers
 * check first that the job is the caller's; its explanations were stored for the job's owner.
 */
@ApplicationScoped
public class JobResults {

    public static final String CSV = "text/csv; charset=UTF-8";

    @Inject
    ObjectMapper json;

    /** One page of the tasks matching {@code q} ({@code q.size()} must be given). */
    public JobResult.Page page(long jobId, ResultQuery q) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PanacheQuery<PrecomputeTask> found = tasks(jobId, q);
            List<JobResult> rows = results(found.page(q.page(), q.size()).list());
            return new JobResult.Page(jobId, found.count(), q.page(), q.size(), q.method(), q.status(), rows);
        });
    }

    /** Every task matching {@code q}'s filter, in job order, handed over one batch at a time. */
    public void each(long jobId, ResultQuery q, Consumer<JobResult> sink) {
        for (int page = 0; ; page++) {
            int index = page;
            List<JobResult> rows = QuarkusTransaction.requiringNew().call(() ->
                    results(tasks(jobId, q).page(index, ResultQuery.MAX_SIZE).list()));
            rows.forEach(sink);
            if (rows.size() < ResultQuery.MAX_SIZE) {
                return;
            }
        }
    }

    /** Every task matching {@code q}'s filter as a CSV download ({@link JobResultsCsv}). */
    public Response csv(long jobId, ResultQuery q) {
        StreamingOutput body = stream -> {
            try (CsvWriter out = new CsvWriter(stream)) {
                JobResultsCsv table = JobResultsCsv.start(out, json, jobId);
                if (q.size() == null) {
                    each(jobId, q, table::write);
                } else {
                    page(jobId, q).results().forEach(table::write);
                }
            }
        };
        return Response.ok(body, CSV).header("Content-Disposition",
                "attachment; filename=\"precompute-" + jobId + "-explanations.csv\"").build();
    }

    private static PanacheQuery<PrecomputeTask> tasks(long jobId, ResultQuery q) {
        StringBuilder where = new StringBuilder("jobId = :job");
        Map<String, Object> args = new HashMap<>(Map.of("job", jobId));
        if (q.method() != null) {
            where.append(" and method = :method");
            args.put("method", q.method());
        }
        if (q.status() != null) {
            where.append(" and status = :status");
            args.put("status", q.status());
        }
        return PrecomputeTask.find(where + " order by position", args);
    }

    private List<JobResult> results(List<PrecomputeTask> tasks) {
        List<Long> ids = tasks.stream().map(t -> t.explanationId).filter(Objects::nonNull).toList();
        Map<Long, Explanation> stored = ids.isEmpty() ? Map.of() : Explanation.<Explanation>list("id in ?1", ids)
                .stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
        List<JobResult> out = new ArrayList<>(tasks.size());
        for (PrecomputeTask t : tasks) {
            Explanation e = t.explanationId == null ? null : stored.get(t.explanationId);
            out.add(new JobResult(t.position, t.itemKey, t.text, t.method,
                    JsonText.read(json, t.params, new TypeReference<>() {}), t.status, t.error, t.explanationId,
                    e == null ? null : ExplanationView.of(e, true, json)));
        }
        return out;
    }
}
