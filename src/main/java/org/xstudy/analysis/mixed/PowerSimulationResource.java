package org.xstudy.analysis.mixed;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/** Power by simulation from entered accuracies and variance components (docs/analysis.md, "Power by simulation"). */
@Path("/api/analysis/power/simulation")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Analysis")
@SecurityRequirement(name = "SecurityScheme")
public class PowerSimulationResource {

    /** A condition and the accuracy of an average participant on an average item in it. */
    public record ConditionAccuracy(String name, Double accuracy) {
    }

    /**
     * A planned study: conditions (the first is the reference), random-intercept SDs on the log-odds scale, its
     * size and design, and the simulation's settings.
     */
    public record PlanRequest(List<ConditionAccuracy> conditions, Double sdParticipant, Double sdItem,
                              Integer participants, Integer items, String design, Integer simulations, Double alpha,
                              Long seed) {
    }

    @POST
    @Operation(summary = "Power of each condition effect by simulating and fitting the logistic GLMM")
    public PowerSimulation.Result plan(PlanRequest body) {
        if (body == null) {
            throw ProblemException.badField("", "Send the planned study as a JSON object.");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<ConditionAccuracy> conditions = body.conditions() == null ? List.of() : body.conditions();
        if (conditions.size() < 2 || conditions.size() > 10) {
            errors.add(new Problem.FieldError("/conditions", "Between 2 and 10 conditions, the reference first."));
        }
        HashSet<String> names = new HashSet<>();
        double[] effects = new double[conditions.size()];
        for (int i = 0; i < conditions.size(); i++) {
            ConditionAccuracy c = conditions.get(i);
            if (c == null || c.name() == null || c.name().isBlank() || !names.add(c.name())) {
                errors.add(new Problem.FieldError("/conditions/" + i + "/name", "A name, different from the others."));
            }
            if (c == null || c.accuracy() == null || !(c.accuracy() > 0 && c.accuracy() < 1)) {
                errors.add(new Problem.FieldError("/conditions/" + i + "/accuracy",
                        "A proportion strictly between 0 and 1."));
            } else {
                double logit = Math.log(c.accuracy() / (1 - c.accuracy()));
                effects[i] = i == 0 ? logit : logit - effects[0];
            }
        }
        double sdP = sd(errors, "/sdParticipant", body.sdParticipant());
        double sdI = sd(errors, "/sdItem", body.sdItem());
        PowerSettings s = PowerSettings.of(errors, body.participants(), body.items(), body.design(),
                body.simulations(), body.alpha(), body.seed());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        SimulatedStudy study = SimulatedStudy.balanced(s.participants(), s.items(),
                conditions.stream().map(ConditionAccuracy::name).toList(), effects, sdP, sdI, s.within());
        return PowerSimulation.run(study, s.simulations(), s.alpha(), s.seed());
    }

    private static double sd(List<Problem.FieldError> errors, String pointer, Double value) {
        if (value == null || !(value >= 0 && value <= 10)) {
            errors.add(new Problem.FieldError(pointer, "A standard deviation on the log-odds scale, 0 to 10."));
            return 0;
        }
        return value;
    }
}
