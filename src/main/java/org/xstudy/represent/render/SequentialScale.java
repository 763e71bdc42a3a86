package org.xstudy.represent.render;

/**
 * The one-colour (sequential) scale of heatmaps of magnitudes, such as absolute saliency, whose scores say how
 * strongly the model's output reacts to a word but not in which direction: ColorBrewer Purples (9 classes),
 * interpolated in sRGB, from near-white (no influence) to dark purple (the strongest word). One hue, so no colour
 * suggests "for" or "against", and neither of the diverging scale's hues ({@link DivergingScale}). The text colour
 * is black or white, whichever contrasts more.
 */
public final class SequentialScale {

    private static final int[] STOPS = {0xfcfbfd, 0xefedf5, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3,
        0x54278f, 0x3f007d};

    /**
     * Colour levels above 0: a value is drawn with the colour of its nearest level (steps of 1/20), as CSS classes
     * {@code xh-m0} .. {@code xh-m20} in heatmap.css for pages, and the same colours in SVG and PNG.
     */
    public static final int LEVELS = 20;

    private SequentialScale() {}

    /** The level of a normalised magnitude: 0 (value 0) .. {@link #LEVELS} (value 1); the sign is dropped. */
    public static int level(double value) {
        double v = Double.isNaN(value) ? 0 : Math.min(1, Math.abs(value));
        return (int) Math.round(v * LEVELS);
    }

    /** The normalised magnitude a level stands for. */
    public static double levelValue(int level) {
        return level / (double) LEVELS;
    }

    /** The CSS class of a level's colours, defined in heatmap.css. */
    public static String levelClass(int level) {
        return "xh-m" + level;
    }

    /** The background colour of a normalised magnitude; values beyond 1 are clamped, the sign is dropped. */
    public static int background(double value) {
        double v = Double.isNaN(value) ? 0 : Math.min(1, Math.abs(value));
        double position = v * (STOPS.length - 1);
        int low = Math.min((int) Math.floor(position), STOPS.length - 2);
        return DivergingScale.mix(STOPS[low], STOPS[low + 1], position - low);
    }
}
