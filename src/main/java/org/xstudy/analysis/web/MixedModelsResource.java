package org.xstudy.analysis.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.analysis.AnalysisParams;
import org.xstudy.analysis.ordinal.AnalysisScript;
import org.xstudy.analysis.ordinal.KeptAnswers;
import org.xstudy.analysis.ordinal.PrePostBootstrap;
import org.xstudy.analysis.ordinal.RatingModels;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.export.ExportFiles;

/** Cumulative link mixed models of the ratings, the Hase and Bansal pre/post estimate, and the R analysis script. */
@Path("/api/studies/{id}")
@Tag(name = "Analysis")
@SecurityRequirement(name = "SecurityScheme")
public class MixedModelsResource {

    @Inject
    KeptAnswers kept;

    @Inject
    CurrentResearcher researcher;

    /** One CLMM per rating scale, as {@code ordinal::clmm} fits it. */
    public record ClmmReport(String study, String formula, String link, String method, List<RatingModels.ScaleModel>
            ratings) {
    }

    @GET
    @Path("/analysis/clmm")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cumulative link mixed model of each rating scale (ordinal::clmm: logit, flexible thresholds,"
            + " Laplace), on the participants the exclusions keep")
    public ClmmReport clmm(@PathParam("id") long id, @QueryParam("rating") String rating) {
        KeptAnswers.StudyAnswers data = kept.load(id, researcher.actor());
        List<String> scales = RatingModels.scales(data.answers());
        if (rating != null && !scales.contains(rating)) {
            throw ProblemException.badField("/rating", scales.isEmpty() ? "This study has no ratings of items yet."
                    : "Not a rating scale with ratings of items; the study's are " + String.join(", ", scales) + ".");
        }
        List<RatingModels.ScaleModel> models = new ArrayList<>();
        for (String s : rating == null ? scales : List.of(rating)) {
            models.add(RatingModels.fit(data.answers(), s, data.conditions()));
        }
        return new ClmmReport(data.study().slug, RatingModels.FORMULA, "logit", "Laplace", models);
    }

    @GET
    @Path("/analysis/prepost")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hase & Bansal (2020) pre/post change in simulation accuracy per condition, with their "
            + "two-stage bootstrap (participants, then items)")
    public PrePostBootstrap.Result prePost(@PathParam("id") long id,
                                           @QueryParam("resamples") @DefaultValue("2000") int resamples,
                                           @QueryParam("seed") Long seed,
                                           @QueryParam("confidence") @DefaultValue("0.95") double confidence) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (resamples < 1 || resamples > AnalysisParams.MAX_RESAMPLES) {
            errors.add(new Problem.FieldError("/resamples", "Between 1 and " + AnalysisParams.MAX_RESAMPLES + "."));
        }
        if (!(confidence > 0 && confidence < 1)) {
            errors.add(new Problem.FieldError("/confidence", "Strictly between 0 and 1."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        KeptAnswers.StudyAnswers data = kept.load(id, researcher.actor());
        return PrePostBootstrap.estimate(data.answers(), data.conditions(), data.control(), resamples,
                seed != null ? seed : AnalysisParams.defaults().seed(), confidence);
    }

    @GET
    @Path("/analysis.R")
    @Produces("text/plain")
    @Operation(summary = "An R script that reads the long CSV export and fits the GLMM (lme4) and the CLMMs "
            + "(ordinal), writing the estimates as CSV")
    public Response script(@PathParam("id") long id) {
        KeptAnswers.StudyAnswers data = kept.load(id, researcher.actor());
        String body = AnalysisScript.render(data.study().slug, data.conditions());
        return Response.ok(body, "text/plain; charset=UTF-8").header("Content-Disposition", "attachment; filename=\""
                + ExportFiles.name(data.study().slug, "analysis", "R", Instant.now()) + "\"").build();
    }
}
