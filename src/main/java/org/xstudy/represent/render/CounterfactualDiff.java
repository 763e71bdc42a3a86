package org.xstudy.represent.render;

import static org.xstudy.represent.render.Markup.escape;

import java.util.Locale;

/**
 * Renders a counterfactual as an HTML fragment: the original text with removed words in {@code <del>} and added
 * words in {@code <ins>}, each announced to screen readers by visually hidden "removed:" / "added:" text.
 */
public final class CounterfactualDiff {

    private CounterfactualDiff() {}

    public static String html(String original, String edited) {
        StringBuilder out = new StringBuilder("<p class=\"xh-diff\">");
        for (WordDiff.Run run : WordDiff.diff(original, edited)) {
            switch (run.kind()) {
                case KEEP -> out.append(escape(run.text()));
                case REMOVE -> out.append("<del class=\"xh-del\"><span class=\"xh-sr\">[removed: </span>")
                        .append(escape(run.text())).append("<span class=\"xh-sr\">]</span></del>");
                case ADD -> out.append("<ins class=\"xh-ins\"><span class=\"xh-sr\">[added: </span>")
                        .append(escape(run.text())).append("<span class=\"xh-sr\">]</span></ins>");
            }
        }
        return out.append("</p>").toString();
    }

    /**
     * The researcher's figures for a counterfactual, shown next to its edit: the flipped class's margin over the
     * runner-up and the meaning-preservation score (cosine of sentence embeddings; left out when null).
     */
    public static String scores(double margin, Double meaning) {
        StringBuilder out = new StringBuilder("<p class=\"xh-cf-scores\">margin <span class=\"xh-cf-margin\">")
                .append(String.format(Locale.ROOT, "%.3f", margin)).append("</span>");
        if (meaning != null) {
            out.append(" · meaning preserved <span class=\"xh-cf-meaning\">")
                    .append(String.format(Locale.ROOT, "%.3f", meaning)).append("</span>");
        }
        return out.append("</p>").toString();
    }
}
