package org.xstudy.represent.render;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.explain.TokenScore;

/**
 * What every heatmap format draws: the text cut into scored words and the gaps between them, each word with its
 * normalised value and its colours, plus what the legend has to state. Signed scores get the two-colour
 * {@link DivergingScale} (values in [-1, 1]) and a legend of evidence for and against the class; magnitudes get
 * the one-colour {@link SequentialScale} (values in [0, 1]) and a legend of influence with no direction.
 *
 * @param divisor the |score| that gets the end colour (the instance's max |score|, or the global one)
 * @param signed whether the scores carry a direction ({@code AttributionMethod#signed})
 */
public record HeatmapLayout(List<Segment> segments, Normalization normalization, double divisor, String classLabel,
        boolean signed) {

    /** A word ({@code word} true, with score and colours) or the text between two words. */
    public record Segment(String text, boolean word, double score, double value, int background, int foreground) {

        /** The colour level of the word ({@link DivergingScale#level}), whose colours are its background and text. */
        public int level() {
            return DivergingScale.level(value);
        }
    }

    /** A layout of signed scores. */
    public static HeatmapLayout of(String text, List<TokenScore> scores, Normalization normalization,
            Double globalMaxAbs, String classLabel) {
        return of(text, scores, normalization, globalMaxAbs, classLabel, true);
    }

    /**
     * @param signed false for magnitudes (negative scores, which a magnitude method does not give, count by |score|)
     * @param globalMaxAbs required for {@link Normalization#GLOBAL}: the |score| that gets the end colour in every
     *     text of the study; scores beyond it are clamped
     */
    public static HeatmapLayout of(String text, List<TokenScore> scores, Normalization normalization,
            Double globalMaxAbs, String classLabel, boolean signed) {
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
            value = signed ? value : Math.abs(value);
            int background = signed ? DivergingScale.background(DivergingScale.levelValue(DivergingScale.level(value)))
                    : SequentialScale.background(SequentialScale.levelValue(SequentialScale.level(value)));
            segments.add(new Segment(text.substring(s.start(), s.end()), true, s.score(), value, background,
                    DivergingScale.text(background)));
            position = s.end();
        }
        if (position < text.length()) {
            segments.add(gap(text.substring(position)));
        }
        return new HeatmapLayout(List.copyOf(segments), norm, divisor, classLabel == null ? "" : classLabel, signed);
    }

    private static Segment gap(String text) {
        return new Segment(text, false, 0, 0, 0, 0);
    }

    /** A word's score as shown: with its sign when signed, else as a magnitude with no sign. */
    public String format(double score) {
        return signed ? Scores.format(score) : Scores.format(Math.abs(score)).replace("+", "");
    }

    /** The CSS class of a word's colours, defined in heatmap.css. */
    public String colourClass(Segment word) {
        return signed ? DivergingScale.levelClass(word.level())
                : SequentialScale.levelClass(SequentialScale.level(word.value()));
    }

    /** The normalised value of each swatch of the legend's colour bar, from one end to the other. */
    public double[] legendValues(int steps) {
        double[] out = new double[steps];
        for (int i = 0; i < steps; i++) {
            out[i] = signed ? -1 + 2.0 * i / (steps - 1) : i / (double) (steps - 1);
        }
        return out;
    }

    /** The CSS class of a legend swatch's colours. */
    public String swatchClass(double value) {
        return signed ? DivergingScale.levelClass(DivergingScale.level(value))
                : SequentialScale.levelClass(SequentialScale.level(value));
    }

    /** The background colour of a legend swatch. */
    public int swatchColour(double value) {
        return signed ? DivergingScale.background(value) : SequentialScale.background(value);
    }

    /** The labels of the colour bar's two ends: low end first. */
    public List<String> ends() {
        String label = classLabel.isBlank() ? "predicted class" : classLabel;
        return signed ? List.of("against " + label, "for " + label) : List.of("less influence", "more influence");
    }

    /**
     * The sentence saying what the colours mean, for the legend of every format. For magnitudes it states no
     * direction: darker is more influence.
     */
    public String meaning() {
        String label = classLabel.isBlank() ? "the predicted class" : "\u201c" + classLabel + "\u201d";
        if (!signed) {
            return (classLabel.isBlank() ? "Darker words had more influence on the model's prediction"
                    : "Darker words had more influence on how the model scores " + label)
                    + "; the colour shows how much influence, not its direction.";
        }
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
