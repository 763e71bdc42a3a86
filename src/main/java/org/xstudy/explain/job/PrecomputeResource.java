package org.xstudy.explain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.ProblemException;
import org.xstudy.explain.api.Bodies;

/** Starts precompute jobs and reports, cancels and resumes them. */
@Path("/api/precompute-jobs")
public class PrecomputeResource {

    @Inject
    PrecomputeService jobs;

    @Inject
    ObjectMapper json;

    @Inject
    JobResults results;

    @Inject
    CurrentResearcher researcher;

    @POST
    public Response create(JsonNode body) {
        JobView job = jobs.create(Bodies.read(json, body, PrecomputeRequest.class), researcher.actor());
        return Response.accepted(job).location(URI.create("/api/precompute-jobs/" + job.id())).build();
    }

    @GET
    @Path("/{id}")
    public JobView get(@PathParam("id") long id) {
        return owned(id);
    }

    @POST
    @Path("/{id}/cancel")
    public JobView cancel(@PathParam("id") long id) {
        return jobs.cancel(owned(id).id());
    }

    @POST
    @Path("/{id}/resume")
    public JobView resume(@PathParam("id") long id) {
        return jobs.resume(owned(id).id());
    }

    /**
     * The job's results, one per task in job order: a page ({@code page} from 0, {@code size} up to 500, default
     * 50) filtered by {@code method} and task {@code status}, as JSON with the total, or as CSV ({@code format=csv}
     * or {@code Accept: text/csv}; every matching task unless {@code size} is given).
     */
    @GET
    @Path("/{id}/explanations")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response explanations(@PathParam("id") long id, @QueryParam("page") String page,
            @QueryParam("size") String size, @QueryParam("method") String method,
            @QueryParam("status") String status, @QueryParam("format") String format, @Context HttpHeaders headers) {
        JobView job = owned(id);
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            throw ProblemException.badField("/format", "format must be json or csv.");
        }
        MediaType preferred = headers.getAcceptableMediaTypes().get(0);
        boolean csv = "csv".equals(format) || format == null && preferred.getType().equals("text")
                && preferred.getSubtype().equals("csv");
        ResultQuery q = ResultQuery.of(page, size, method, status, job.methodIds(), csv);
        return csv ? results.csv(id, q) : Response.ok(results.page(id, q), MediaType.APPLICATION_JSON).build();
    }

    /** The job if the caller started it; anyone else's job is 404, as if it did not exist. */
    private JobView owned(long id) {
        return jobs.find(id, researcher.actor())
                .orElseThrow(() -> ProblemException.notFound("Precompute job " + id));
    }
}
