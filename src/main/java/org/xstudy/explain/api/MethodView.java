package org.xstudy.explain.api;

import java.util.List;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.ParamSpec;

/**
 * One attribution method as {@code GET /api/explanation-methods} lists it.
 *
 * @param scores with default parameters, {@code signed} (positive: for the target class, negative: against it) or
 *     {@code magnitude} (how strongly the output reacts to a word, with no direction)
 * @param available for the model given in the query: whether the method can explain it (null without a model)
 */
public record MethodView(String id, String title, String paper, boolean needsGradients, boolean sampled,
        String scores, List<ParamSpec> params, String paramsNote, Boolean available) {

    static MethodView of(AttributionMethod m, Boolean available) {
        String note = switch (m.id()) {
            case "smoothgrad" -> "Also takes the parameters of its base method; its scores are signed when the base "
                    + "method's are.";
            case "placebo" -> "Also takes the parameters of its source method; needs gradients when the source does; "
                    + "its scores are signed when the source's are.";
            default -> null;
        };
        return new MethodView(m.id(), m.title(), m.paper(), m.needsGradients(), m.sampled(),
                m.signed(m.resolve(java.util.Map.of())) ? "signed" : "magnitude", m.params(), note,
                available);
    }
}
