package org.xstudy.participant;

import java.util.List;
import org.xstudy.represent.rationale.Rationale;
import org.xstudy.represent.rationale.RationaleView;
import org.xstudy.represent.render.CounterfactualDiff;
import org.xstudy.represent.render.ExampleList;
import org.xstudy.represent.render.Heatmap;
import org.xstudy.represent.render.Markup;
import org.xstudy.represent.render.Normalization;
import org.xstudy.study.spec.Payload;
import org.xstudy.study.spec.StudySpec;

/**
 * Renders an item's explanation payload as the safe HTML fragment a participant sees; the researcher's explanation
 * browser shows the same fragment.
 */
public final class ExplanationHtml {

    private ExplanationHtml() {}

    /** The fragment for {@code explanationType} of {@code item}, or null when nothing is shown. */
    public static String of(StudySpec.Item item, String explanationType) {
        if (explanationType == null || explanationType.equals("none") || item.explanations() == null) {
            return null;
        }
        Payload p = item.explanations().get(explanationType);
        if (p == null) {
            return null;
        }
        return switch (p.kind()) {
            case Payload.TOKEN_SCORES -> "rationale".equals(p.method())
                    ? RationaleView.highlights(item.text(), p.tokens(), Rationale.frozen(p.tokens()))
                    : Heatmap.html(item.text(), p.tokens(), Normalization.INSTANCE, null, item.prediction().label());
            case Payload.TEXT -> "<div class=\"xs-verbal\"><p>" + Markup.escape(p.text()).replace("\n\n", "</p><p>")
                    + "</p></div>";
            case Payload.COUNTERFACTUAL -> CounterfactualDiff.html(item.text(), p.editedText())
                    + "<p class=\"xs-cf-output\">With this edit the model predicts <strong>"
                    + Markup.escape(p.prediction().label()) + "</strong>.</p>";
            case Payload.EXAMPLES -> ExampleList.html(examples(p.examples()));
            default -> null;
        };
    }

    private static List<ExampleList.Example> examples(List<Payload.Example> examples) {
        return examples.stream()
                .map(e -> new ExampleList.Example(e.text(), e.gold(), e.prediction(), e.similarity()))
                .toList();
    }
}
