package org.xstudy.analysis.mixed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.xstudy.analysis.Answer;
import org.xstudy.common.ProblemException;
import org.xstudy.study.Study;

/**
 * A planned study taken from a pilot: the GLMM {@code correct ~ condition + (1|participant) + (1|item)} fitted to
 * the pilot's simulation answers after exclusions (in a pre/post design its post-test answers, where the
 * explanations act) gives the conditions' log-odds and the two random-intercept SDs to simulate from.
 */
@ApplicationScoped
public class PowerPilot {

    @Inject
    GlmmService glmm;

    /** The planned study of the given size, with the pilot's effects and SDs; 409 if the pilot has no model. */
    public SimulatedStudy plan(Study study, int participants, int items, boolean within) {
        List<Answer> answers = glmm.answers(study, GlmmService.Task.ALL, true);
        if (answers.stream().anyMatch(a -> Answer.POST.equals(a.phase()))) {
            answers = answers.stream().filter(a -> Answer.POST.equals(a.phase())).toList();
        }
        GlmmDesign design = GlmmDesign.of(answers);
        GlmmReport.Model model = GlmmService.model("all", design, 0.95);
        if (model.fit() == null || design.conditions().size() < 2) {
            throw ProblemException.conflict("The pilot cannot give a model to simulate from: "
                    + (model.fit() == null ? model.unavailable() : "it has answers in fewer than 2 conditions."));
        }
        GlmmFit fit = model.fit();
        List<String> conditions = design.conditions();
        double[] effects = new double[conditions.size()];
        for (GlmmFit.FixedEffect f : fit.fixedEffects()) {
            int c = f.term().equals("(Intercept)") ? 0 : conditions.indexOf(f.term().substring("condition".length()));
            if (c >= 0) {
                effects[c] = f.estimate();
            }
        }
        return SimulatedStudy.balanced(participants, items, design.conditions(), effects,
                fit.random("participant").sd(), fit.random("item").sd(), within);
    }
}
