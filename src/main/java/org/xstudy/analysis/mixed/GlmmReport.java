package org.xstudy.analysis.mixed;

import java.util.List;

/**
 * The answer of {@code GET /api/studies/{id}/analysis/glmm}: the logistic GLMM of simulation correctness on the
 * study's answers (after exclusions unless turned off), once on every answer and once per requested subset.
 *
 * @param task {@code forward}, {@code counterfactual} or {@code all} simulation answers
 * @param excludedParticipants participants left out by the exclusion decisions (0 with {@code exclusions=false})
 * @param referenceCondition the condition the {@code condition<level>} coefficients compare with (R's first level)
 * @param referencePhase {@code post} in a pre/post design (R's first level of {@code phase}), else null
 */
public record GlmmReport(String study, String task, boolean exclusionsApplied, int excludedParticipants,
                         List<String> conditions, String referenceCondition, String referencePhase,
                         List<Model> models) {

    /**
     * One model: its subset ({@code all} or the requested text), and its fit, or why there is none.
     *
     * @param unavailable a sentence saying why the model was not fitted (too few participants or items), else null
     */
    public record Model(String subset, GlmmFit fit, String unavailable) {
    }
}
