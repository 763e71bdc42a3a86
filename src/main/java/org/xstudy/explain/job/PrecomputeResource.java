package org.xstudy.explain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

    /** The job if the caller started it; anyone else's job is 404, as if it did not exist. */
    private JobView owned(long id) {
        return jobs.find(id, researcher.actor())
                .orElseThrow(() -> ProblemException.notFound("Precompute job " + id));
    }
}
