package org.xstudy.represent.render;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.explain.TokenScore;

/**
 * What every heatmap format draws: the text cut into scored words and the gaps between them, each word with its
 * normalised value in [-1, 1] and its colours, plus what the legend has to state.
 *
 * @param divisor the |score| that gets the end colour (the instance's max |score|, or the global one)
 */
public record HeatmapLayout(List<Segment> segments, Normalization normalization, double divisor, String classLabel) {

    /** A word ({@code word} true, with score and colours) or the text between two words. */
    public record Segment(String text, boolean word, double score, double value, int background, int foreground) {

        /** The colour level of the word ({@link DivergingScale#level}), whose colours are its background and text. */
        public int level() {
            return DivergingScale.level(value);
        }
    }

    /**
     * @param globalMaxAbs required for {@link Normalization#GLOBAL}: the |score| that gets the end colour in every
     *     text of the study; scores beyond it are clamped
     */
    public static HeatmapLayout of(String text, List<TokenScore> scores, Normalization normalization,
            Double globalMaxAbs, String classLabel) {
        Scores.requireValid(text, scores);
        Normalization norm = normalization == null ? Normalization.INSTANCE : normalization;
        double divisor;
        if (norm == Normalization.GLOBAL) {
            if (globalMaxAbs == null || !(globalMaxAbs > 0) || globalMaxAbs.isInfinite()) {
                throw new IllegalArgumentException("global normalization needs a positive finite globalMaxAbs");
            }
            divisor = globalMaxAbs;
        } else {
            divisor = Scores.maxAbs(scores);
        }
        List<Segment> segments = new ArrayList<>();
        int position = 0;
        for (TokenScore s : scores) {
            if (s.start() > position) {
                segments.add(gap(text.substring(position, s.start())));
            }
            double value = divisor == 0 ? 0 : Math.max(-1, Math.min(1, s.score() / divisor));
            int background = DivergingScale.background(DivergingScale.levelValue(DivergingScale.level(value)));
            segments.add(new Segment(text.substring(s.start(), s.end()), true, s.score(), value, background,
                    DivergingScale.text(background)));
            position = s.end();
        }
        if (position < text.length()) {
            segments.add(gap(text.substring(position)));
        }
        return new HeatmapLayout(List.copyOf(segments), norm, divisor, classLabel == null ? "" : classLabel);
    }

    private static Segment gap(String text) {
        return new Segment(text, false, 0, 0, 0, 0);
    }

    /** The sentence saying what the colours mean, for the legend of every format. */
    public String meaning() {
        String label = classLabel.isBlank() ? "the predicted class" : "\u201c" + classLabel + "\u201d";
        return "Blue words support " + label + ", red words speak against it; the darker, the stronger.";
    }

    /** The sentence saying how colours are normalised, for the legend of every format. */
    public String scaleNote() {
        String max = Scores.format(divisor).replace("+", "");
        return normalization == Normalization.GLOBAL
                ? "Colours use one scale for all texts: |score| " + max + " or more gets the darkest colour."
                : "Colours are relative to the strongest word in this text (|score| " + max + ").";
    }
}
