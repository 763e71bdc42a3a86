package org.xstudy.prolific;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.ProblemException;
import org.xstudy.study.StudyService;

/** A study's Prolific study: draft, publish/pause/resume, submission sync, and the log of calls to Prolific. */
@Path("/api/studies/{id}/prolific")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Prolific")
@SecurityRequirement(name = "SecurityScheme")
public class ProlificStudyResource {

    @Inject
    ProlificStudies prolificStudies;

    @Inject
    SubmissionSync sync;

    @Inject
    CallLog log;

    @Inject
    ProlificReview review;

    @Inject
    ProlificBonuses bonuses;

    @Inject
    StudyService studies;

    @Inject
    CurrentResearcher researcher;

    @GET
    @Operation(summary = "The study's Prolific study, if it has one (owner and editors)")
    public ProlificStudies.View get(@PathParam("id") long id) {
        return prolificStudies.view(id, researcher.actor());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create the Prolific draft (or update it while unpublished) with this study's join link and "
            + "one completion code per outcome")
    public ProlificStudies.View draft(@PathParam("id") long id, DraftRequest body) {
        return prolificStudies.draft(id, researcher.actor(), body);
    }

    @POST
    @Path("{action: publish|pause|resume}")
    @Operation(summary = "Publish, pause or resume the Prolific study; this study opens or pauses with it")
    public ProlificStudies.View transition(@PathParam("id") long id, @PathParam("action") String action) {
        return prolificStudies.transition(id, researcher.actor(), action);
    }

    /** The answer of a sync: how many participants' Prolific status changed. */
    public record Synced(int changed) {}

    @POST
    @Path("sync")
    @Operation(summary = "Read every submission from Prolific now (it is also done every few minutes)")
    public Synced sync(@PathParam("id") long id) {
        studies.writable(id, researcher.actor());
        return new Synced(sync.poll(id));
    }

    /** The body of a review: {@code dryRun} (default true) lists what would be sent and sends nothing. */
    public record ReviewRequest(Boolean dryRun) {}

    @POST
    @Path("review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve completed, not excluded submissions; reject where Prolific's policy allows (two "
            + "failed attention checks); leave the rest. dryRun lists the exact requests and sends none")
    public ProlificReview.Result review(@PathParam("id") long id, ReviewRequest body) {
        return review.review(id, researcher.actor(), body == null || body.dryRun() == null || body.dryRun());
    }

    @POST
    @Path("bonuses")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Performance bonuses (perCorrectCents per correct simulation, optional phase and capCents) "
            + "as one bulk bonus, paid exactly once; dryRun (default true) computes them and sends nothing. State "
            + "'unconfirmed': a pay call got no answer and Prolific does not show the bonuses; after checking on "
            + "Prolific that it paid nobody, send confirmUnpaid with its Prolific id to pay it once")
    public ProlificBonuses.Result bonuses(@PathParam("id") long id, ProlificBonuses.BonusRequest body) {
        return bonuses.pay(id, researcher.actor(), body);
    }

    /** One line of the log: a request sent to Prolific or a webhook received, with the answer. */
    public record Logged(OffsetDateTime at, String direction, String method, String path, Integer status,
            String request, String response, Integer millis) {}

    @GET
    @Path("log")
    @Operation(summary = "Every request sent to Prolific and webhook received for this study, newest first "
            + "(tokens and secrets never appear)")
    public List<Logged> log(@PathParam("id") long id) {
        studies.writable(id, researcher.actor());
        return log.forStudy(id, 500).stream().map(c -> new Logged(c.at, c.direction, c.method, c.path, c.status,
                c.request, c.response, c.millis)).toList();
    }

}
