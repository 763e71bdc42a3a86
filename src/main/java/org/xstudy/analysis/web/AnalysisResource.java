package org.xstudy.analysis.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.analysis.AnalysisParams;
import org.xstudy.analysis.AnalysisReport;
import org.xstudy.analysis.ExclusionRules;
import org.xstudy.analysis.ParticipantStats;
import org.xstudy.analysis.SubsetParser;
import org.xstudy.analysis.data.AnalysisService;
import org.xstudy.analysis.data.ExclusionService;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.export.ExportFiles;
import org.xstudy.export.JsonFormat;
import org.xstudy.study.Study;

/** The analysis of a study as JSON, and its exclusion rules and decisions. */
@Path("/api/studies/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analysis")
@SecurityRequirement(name = "SecurityScheme")
public class AnalysisResource {

    @Inject
    AnalysisService analysis;

    @Inject
    ExclusionService exclusions;

    @Inject
    CurrentResearcher researcher;

    /** Manual exclusion request. */
    public record ExcludeRequest(String participant, String reason) {
    }

    /** Exclusion rules as set through the API. */
    public record RulesRequest(Integer maxAttentionFailures, Long minMedianResponseMs, Boolean requireComplete,
                               Integer maxFastAnswers) {
    }

    /** The exclusions page: rules, participants' statistics, active decisions and the full audit trail. */
    public record ExclusionsView(ExclusionRules rules, List<ParticipantStats> participants,
                                 List<ExclusionService.Decision> active, List<ExclusionService.Decision> history) {
    }

    @GET
    @Path("/analysis")
    @Operation(summary = "Full analysis, with and without exclusions, including every parameter and seed")
    public Response analysis(@PathParam("id") long id,
                             @QueryParam("resamples") @DefaultValue("2000") int resamples,
                             @QueryParam("permutations") @DefaultValue("10000") int permutations,
                             @QueryParam("seed") Long seed,
                             @QueryParam("confidence") @DefaultValue("0.95") double confidence,
                             @QueryParam("control") String control,
                             @QueryParam("subset") List<String> subsets) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (resamples < 0 || resamples > AnalysisParams.MAX_RESAMPLES) {
            errors.add(new Problem.FieldError("/resamples", "Between 0 and " + AnalysisParams.MAX_RESAMPLES + "."));
        }
        if (permutations < 0 || permutations > AnalysisParams.MAX_RESAMPLES) {
            errors.add(new Problem.FieldError("/permutations", "Between 0 and " + AnalysisParams.MAX_RESAMPLES + "."));
        }
        if (subsets != null && subsets.size() > SubsetParser.MAX_SUBSETS) {
            errors.add(new Problem.FieldError(SubsetParser.POINTER, "At most " + SubsetParser.MAX_SUBSETS
                    + " subsets at once."));
        }
        if (!(confidence > 0 && confidence < 1)) {
            errors.add(new Problem.FieldError("/confidence", "Strictly between 0 and 1."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        long s = seed != null ? seed : AnalysisParams.defaults().seed();
        AnalysisReport report = analysis.analyze(id, researcher.actor(),
                new AnalysisParams(resamples, permutations, s, confidence, control, subsets));
        StreamingOutput body = out -> JsonFormat.writeReport(report, out);
        return Response.ok(body, MediaType.APPLICATION_JSON).header("Content-Disposition", "inline; filename=\""
                + ExportFiles.name(report.study(), "analysis", "json", Instant.now()) + "\"").build();
    }

    @GET
    @Path("/exclusions")
    @Operation(summary = "Exclusion rules, participants' statistics, active decisions and the audit trail")
    public ExclusionsView exclusions(@PathParam("id") long id) {
        Study study = analysis.owned(id, researcher.actor());
        exclusions.sync(study.id);
        List<ExclusionService.Decision> history = exclusions.decisions(study.id);
        return new ExclusionsView(exclusions.rules(study.id), analysis.stats(study.id),
                history.stream().filter(ExclusionService.Decision::active).toList(), history);
    }

    @PUT
    @Path("/exclusions/rules")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the study's exclusion rules (null turns a rule off)")
    public ExclusionRules setRules(@PathParam("id") long id, RulesRequest body) {
        Study study = analysis.editable(id, researcher.actor());
        required(body, "Send the rules as a JSON object.");
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body.maxAttentionFailures() != null && body.maxAttentionFailures() < 0) {
            errors.add(new Problem.FieldError("/maxAttentionFailures", "Must be 0 or more, or null for off."));
        }
        if (body.minMedianResponseMs() != null && (body.minMedianResponseMs() < 0
                || body.minMedianResponseMs() > Integer.MAX_VALUE)) {
            errors.add(new Problem.FieldError("/minMedianResponseMs", "Must be 0 or more, or null for off."));
        }
        if (body.maxFastAnswers() != null && body.maxFastAnswers() < 0) {
            errors.add(new Problem.FieldError("/maxFastAnswers", "Must be 0 or more, or null for off."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        ExclusionRules rules = exclusions.setRules(study.id, new ExclusionRules(body.maxAttentionFailures(),
                body.minMedianResponseMs(), body.requireComplete() == null || body.requireComplete(),
                body.maxFastAnswers()),
                researcher.actor().email());
        analysis.audit(researcher.actor(), "exclusions.change", study.id, "rules " + rules);
        return rules;
    }

    @POST
    @Path("/exclusions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exclude a participant by hand, with a reason")
    public Response exclude(@PathParam("id") long id, ExcludeRequest body) {
        Study study = analysis.editable(id, researcher.actor());
        required(body, "Send {participant, reason}.");
        ExclusionService.Decision d = exclusions.exclude(study.id, body.participant(), body.reason(),
                researcher.actor().email());
        analysis.audit(researcher.actor(), "exclusions.change", study.id, "exclude " + body.participant());
        return Response.status(201).entity(d).build();
    }

    @DELETE
    @Path("/exclusions/{decision}")
    @Operation(summary = "Withdraw a manual exclusion (kept in the audit trail as revoked)")
    public Response withdraw(@PathParam("id") long id, @PathParam("decision") long decision) {
        Study study = analysis.editable(id, researcher.actor());
        exclusions.withdraw(study.id, decision, researcher.actor().email());
        analysis.audit(researcher.actor(), "exclusions.change", study.id, "withdraw decision " + decision);
        return Response.noContent().build();
    }

    private static void required(Object body, String message) {
        if (body == null) {
            throw ProblemException.badField("", message);
        }
    }
}
