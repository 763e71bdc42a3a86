package org.xstudy.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.dataset.DatasetService;
import org.xstudy.dataset.DatasetView;
import org.xstudy.explain.job.JobResults;
import org.xstudy.explain.job.JobView;
import org.xstudy.explain.job.PrecomputeRequest;
import org.xstudy.explain.job.PrecomputeService;
import org.xstudy.explain.job.ResultQuery;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.model.ModelInfo;
import org.xstudy.model.ModelRegistry;
import org.xstudy.study.Study;
import org.xstudy.study.StudyService;

/**
 * Explanation precompute from the console: a form (model, methods, and the rows of a data set or the items of a
 * study), the researcher's recent jobs, and a job's page with a live progress bar, ETA, cancel and resume.
 */
@Path("/console/precompute")
@Produces(MediaType.TEXT_HTML)
public class PrecomputePages {

    static final int PAGE_SIZE = 25;

    /** What the form held: the model, the chosen methods and the items ({@code dataset:<id>} or {@code study:<id>}). */
    public record Form(String model, List<String> methods, String items) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance precompute(Shell shell, List<ModelInfo> models, List<AttributionMethod> methods,
                List<DatasetView> datasets, List<Study> studies, Form form, List<Problem.FieldError> errors,
                List<JobView> jobs);

        static native TemplateInstance job(Shell shell, JobView job);

        static native TemplateInstance results(Shell shell, JobView job, PrecomputeResultsView view,
                List<String> statuses);
    }

    @Inject
    PrecomputeService jobs;

    @Inject
    ModelRegistry models;

    @Inject
    MethodCatalog methods;

    @Inject
    DatasetService datasets;

    @Inject
    StudyService studies;

    @Inject
    ConsoleGuard guard;

    @Inject
    JobResults results;

    @Inject
    ObjectMapper json;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return guard.page(e);
    }

    @GET
    public String form(@QueryParam("dataset") Long dataset) {
        return page(new Form(null, List.of(), dataset == null ? null : "dataset:" + dataset), List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@RestForm("_csrf") String csrf, @RestForm String model, @RestForm List<String> methods,
            @RestForm String items) {
        guard.csrf(csrf);
        if (guard.actor().readOnly()) {
            throw new ProblemException(Problem.of(403, "Forbidden", "A viewer account cannot start precomputes."));
        }
        Form form = new Form(model, methods == null ? List.of() : methods, items);
        try {
            JobView job = jobs.create(request(form), guard.actor());
            return Response.seeOther(URI.create("/console/precompute/" + job.id())).build();
        } catch (ProblemException e) {
            if (e.problem().errors() == null || e.problem().errors().isEmpty()) {
                throw e;
            }
            return Response.status(e.problem().status()).entity(page(form, e.problem().errors())).build();
        }
    }

    @GET
    @Path("{id}")
    public String job(@PathParam("id") long id) {
        return Templates.job(guard.shell("models"), owned(id)).render();
    }

    @GET
    @Path("{id}.json")
    @Produces(MediaType.APPLICATION_JSON)
    public JobView progress(@PathParam("id") long id) {
        return owned(id);
    }

    /** A page of the job's results with heatmaps, filtered by method and status through a plain GET form. */
    @GET
    @Path("{id}/explanations")
    public String results(@PathParam("id") long id, @QueryParam("page") String page,
            @QueryParam("method") String method, @QueryParam("status") String status) {
        JobView job = owned(id);
        ResultQuery q = ResultQuery.of(page, Integer.toString(PAGE_SIZE), method, status, job.methodIds(), false);
        return Templates.results(guard.shell("models"), job, PrecomputeResultsView.of(results.page(id, q), json, methods),
                ResultQuery.STATUSES).render();
    }

    /** Every result matching the filter as CSV, as {@code GET /api/precompute-jobs/{id}/explanations?format=csv}. */
    @GET
    @Path("{id}/explanations.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("id") long id, @QueryParam("method") String method,
            @QueryParam("status") String status) {
        JobView job = owned(id);
        return results.csv(id, ResultQuery.of(null, null, method, status, job.methodIds(), true));
    }

    @POST
    @Path("{id}/{action: cancel|resume}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("id") long id, @PathParam("action") String action, @RestForm("_csrf") String csrf) {
        guard.csrf(csrf);
        owned(id);
        if ("cancel".equals(action)) {
            jobs.cancel(id);
        } else {
            jobs.resume(id);
        }
        return Response.seeOther(URI.create("/console/precompute/" + id)).build();
    }

    private JobView owned(long id) {
        return jobs.find(id, guard.actor()).orElseThrow(() -> ProblemException.notFound("Precompute job " + id));
    }

    /** The API request for the form; a study must be visible to the researcher. */
    private PrecomputeRequest request(Form form) {
        String items = form.items() == null ? "" : form.items();
        Long id = parseId(items.substring(items.indexOf(':') + 1));
        if (id == null || !items.startsWith("dataset:") && !items.startsWith("study:")) {
            throw ProblemException.badField("/items", "Choose a data set or a study.");
        }
        if (items.startsWith("study:")) {
            studies.visible(id, guard.actor())
                    .orElseThrow(() -> ProblemException.badField("/items", "Choose one of your studies."));
        }
        return new PrecomputeRequest(form.model(), form.methods(), Map.of(), null,
                items.startsWith("study:") ? id : null, items.startsWith("dataset:") ? id : null);
    }

    private static Long parseId(String s) {
        try {
            return Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String page(Form form, List<Problem.FieldError> errors) {
        var shell = guard.shell("models");
        return Templates.precompute(shell, models.infos(), methods.all(),
                datasets.list(guard.actor()).stream().map(DatasetView::of).toList(),
                studies.list(guard.actor(), null), form, errors, jobs.recent(guard.actor(), 10)).render();
    }
}
