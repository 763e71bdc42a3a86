package org.xstudy.participant;

import java.util.List;
import org.xstudy.represent.rationale.Rationale;
import org.xstudy.represent.rationale.RationaleView;
import org.xstudy.represent.render.CounterfactualDiff;
import org.xstudy.represent.render.ExampleList;
import org.xstudy.represent.render.Heatmap;
import org.xstudy.represent.render.Markup;
import org.xstudy.represent.render.Normalization;
import org.xstudy.represent.render.Scores;
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
                    : Heatmap.html(item.text(), p.tokens(), Normalization.INSTANCE, null, item.prediction().label(),
                            Scores.signed(p.provenance()));
            case Payload.TEXT -> "<div class=\"xs-verbal\"><p>" + Markup.escape(p.text()).replace("\n\n", "</p><p>")
                    + "</p></div>";
            case Payload.COUNTERFACTUAL -> CounterfactualDiff.html(item.text(), p.editedText())
                    + "<p class=\"xs-cf-output\">With this edit the model predicts <strong>"
                    + Markup.escape(p.prediction().label()) + "</strong>.</p>";
            case Payload.EXAMPLES -> ExampleList.html(examples(p.examples()));
            case Payload.COMPOSITE -> composite(item, p.parts());
            default -> null;
        };
    }

    /**
     * Several explanations of the item together, each under its explanation type's name, in the order of
     * {@code parts} (Hase and Bansal's Composite condition). Parts are never composites (the spec is validated).
     */
    private static String composite(StudySpec.Item item, List<String> parts) {
        StringBuilder out = new StringBuilder("<div class=\"xs-composite\">");
        for (String part : parts) {
            Payload p = item.explanations().get(part);
            String html = p == null || Payload.COMPOSITE.equals(p.kind()) ? null : of(item, part);
            if (html != null) {
                out.append("<section class=\"xs-composite-part\"><h3 class=\"xs-composite-title\">")
                        .append(Markup.escape(title(part, p))).append("</h3>").append(html).append("</section>");
            }
        }
        return out.append("</div>").toString();
    }

    /** The heading of a part: its method's name where the payload records one, else its explanation type. */
    private static String title(String key, Payload p) {
        String method = p.method() == null ? key : p.method();
        return switch (method) {
            case "lime" -> "LIME";
            case "anchors" -> "Anchor";
            case "nearest-embedding", "examples" -> "Similar examples";
            case "counterfactual-search", "counterfactual" -> "Counterfactual";
            default -> key.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + key.substring(1).replace('_', ' ')
                    .replace('-', ' ');
        };
    }

    private static List<ExampleList.Example> examples(List<Payload.Example> examples) {
        return examples.stream()
                .map(e -> new ExampleList.Example(e.text(), e.gold(), e.prediction(), e.similarity()))
                .toList();
    }
}
