package org.xstudy.analysis.mixed;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.analysis.data.AnalysisService;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.study.Study;

/** Power by simulation from a study's fitted GLMM as a pilot (docs/analysis.md, "Power by simulation"). */
@Path("/api/studies/{id}/analysis/power")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Analysis")
@SecurityRequirement(name = "SecurityScheme")
public class PilotPowerResource {

    @Inject
    PowerPilot pilot;

    @Inject
    AnalysisService analysis;

    @Inject
    CurrentResearcher researcher;

    /** A study planned from a pilot: its size and design, and the simulation's settings. */
    public record PilotRequest(Integer participants, Integer items, String design, Integer simulations, Double alpha,
                               Long seed) {
    }

    @POST
    @Operation(summary = "Power of each condition effect, simulated from the study's fitted GLMM as a pilot")
    public PowerSimulation.Result fromPilot(@PathParam("id") long id, PilotRequest body) {
        // who may plan from a pilot: those who may change the study (the simulation is a costly action)
        Study study = analysis.editable(id, researcher.actor());
        if (body == null) {
            throw ProblemException.badField("", "Send the planned study's size as a JSON object.");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        PowerSettings s = PowerSettings.of(errors, body.participants(), body.items(), body.design(),
                body.simulations(), body.alpha(), body.seed());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        SimulatedStudy planned = pilot.plan(study, s.participants(), s.items(), s.within());
        return PowerSimulation.run(planned, s.simulations(), s.alpha(), s.seed());
    }
}
