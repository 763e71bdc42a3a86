package org.xstudy.represent.render;

import static org.xstudy.represent.render.Markup.escape;

import java.util.List;
import org.xstudy.explain.TokenScore;

/**
 * Renders word attributions as an HTML heatmap fragment for study pages: each word on a diverging colour-blind-safe
 * background ({@link DivergingScale}) with its score as visually hidden text for screen readers, followed by a legend
 * that states the colour meaning and the normalisation. Every piece of text is escaped; classes start with
 * {@code xh-} and are styled by {@code /static/css/heatmap.css}, colours included (a class per colour level, see
 * {@link DivergingScale#level}): pages then need no inline styles, which their Content-Security-Policy forbids.
 */
public final class Heatmap {

    private static final int LEGEND_STEPS = 11;

    private Heatmap() {}

    /** A heatmap of signed scores. */
    public static String html(String text, List<TokenScore> scores, Normalization normalization,
            Double globalMaxAbs, String classLabel) {
        return html(text, scores, normalization, globalMaxAbs, classLabel, true);
    }

    /**
     * @param signed false for magnitudes: a one-colour scale and a legend with no direction
     * @param text the original text; {@code scores} give word offsets into it, ascending and non-overlapping
     * @param globalMaxAbs only for {@link Normalization#GLOBAL}
     * @param classLabel the class the scores explain (positive scores support it)
     * @throws IllegalArgumentException for offsets outside the text, overlapping words or non-finite scores
     */
    public static String html(String text, List<TokenScore> scores, Normalization normalization,
            Double globalMaxAbs, String classLabel, boolean signed) {
        return html(HeatmapLayout.of(text, scores, normalization, globalMaxAbs, classLabel, signed));
    }

    public static String html(HeatmapLayout layout) {
        StringBuilder out = new StringBuilder(256);
        out.append("<figure class=\"xh-heatmap\" data-normalization=\"")
                .append(layout.normalization().name().toLowerCase()).append("\" data-scale=\"")
                .append(layout.signed() ? "signed" : "magnitude").append("\">");
        out.append("<p class=\"xh-text\">");
        for (HeatmapLayout.Segment s : layout.segments()) {
            if (s.word()) {
                out.append("<span class=\"xh-w ").append(layout.colourClass(s)).append("\">").append(escape(s.text()))
                        .append("<span class=\"xh-sr\"> (score ").append(layout.format(s.score()))
                        .append(")</span></span>");
            } else {
                out.append(escape(s.text()));
            }
        }
        out.append("</p>");
        legend(out, layout);
        return out.append("</figure>").toString();
    }

    private static void legend(StringBuilder out, HeatmapLayout layout) {
        out.append("<figcaption class=\"xh-legend\">");
        out.append("<span class=\"xh-scale\" aria-hidden=\"true\"><span class=\"xh-end\">")
                .append(escape(layout.ends().get(0))).append("</span>");
        for (double value : layout.legendValues(LEGEND_STEPS)) {
            out.append("<span class=\"xh-sw ").append(layout.swatchClass(value)).append("\"></span>");
        }
        out.append("<span class=\"xh-end\">").append(escape(layout.ends().get(1))).append("</span></span>");
        out.append("<span class=\"xh-note\">").append(escape(layout.meaning())).append(' ')
                .append(escape(layout.scaleNote())).append("</span>");
        out.append("</figcaption>");
    }
}
