package org.xstudy.analysis.mixed;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.analysis.SubsetParser;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/** The logistic mixed model of a study's simulation correctness (docs/analysis.md, "Mixed-effects model"). */
@Path("/api/studies/{id}/analysis/glmm")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analysis")
@SecurityRequirement(name = "SecurityScheme")
public class GlmmResource {

    @Inject
    GlmmService glmm;

    @Inject
    CurrentResearcher researcher;

    @GET
    @Operation(summary = "Logistic GLMM correct ~ condition (× phase) + (1|participant) + (1|item), as lme4::glmer")
    public GlmmReport fit(@PathParam("id") long id,
                          @QueryParam("task") @DefaultValue("all") String task,
                          @QueryParam("exclusions") @DefaultValue("true") boolean exclusions,
                          @QueryParam("confidence") @DefaultValue("0.95") double confidence,
                          @QueryParam("reference") String reference,
                          @QueryParam("subset") List<String> subsets) {
        List<Problem.FieldError> errors = new ArrayList<>();
        GlmmService.Task t = switch (task.toLowerCase(Locale.ROOT)) {
            case "all" -> GlmmService.Task.ALL;
            case "forward" -> GlmmService.Task.FORWARD;
            case "counterfactual" -> GlmmService.Task.COUNTERFACTUAL;
            default -> {
                errors.add(new Problem.FieldError("/task", "One of all, forward, counterfactual."));
                yield null;
            }
        };
        if (!(confidence > 0 && confidence < 1)) {
            errors.add(new Problem.FieldError("/confidence", "Strictly between 0 and 1."));
        }
        List<String> s = subsets == null ? List.of() : subsets;
        if (s.size() > SubsetParser.MAX_SUBSETS) {
            errors.add(new Problem.FieldError(SubsetParser.POINTER, "At most " + SubsetParser.MAX_SUBSETS
                    + " subsets at once."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return glmm.fit(id, researcher.actor(), t, exclusions, s, confidence, reference);
    }
}
