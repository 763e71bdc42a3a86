package org.xstudy.represent.render;

/**
 * The diverging, colour-blind-safe colour scale of heatmaps: ColorBrewer RdBu (9 classes), interpolated in sRGB.
 * A normalised value in [-1, 1] maps to a background colour: 0 is near-white, +1 the blue end (evidence for the
 * explained class), -1 the red end (evidence against it). The text colour is black or white, whichever contrasts
 * more, which always gives a WCAG contrast ratio of at least 4.5:1.
 */
public final class DivergingScale {

    /** From the centre outwards to the positive (blue) end. */
    private static final int[] POSITIVE = {0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac};
    /** From the centre outwards to the negative (red) end. */
    private static final int[] NEGATIVE = {0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b};

    public static final String POSITIVE_NAME = "blue";
    public static final String NEGATIVE_NAME = "red";
    public static final int BLACK = 0x000000;
    public static final int WHITE = 0xffffff;

    /**
     * Colour levels per side: every format draws a value with the colour of its nearest level (steps of 1/20), so
     * that HTML pages can colour words with classes ({@code xh-c0} .. {@code xh-c40} in heatmap.css) under a
     * Content-Security-Policy without inline styles, and SVG and PNG draw the same colours.
     */
    public static final int LEVELS_PER_SIDE = 20;

    private DivergingScale() {}

    /** The level of a normalised value: 0 (value -1) .. 2 × {@link #LEVELS_PER_SIDE} (value +1). */
    public static int level(double value) {
        double v = Double.isNaN(value) ? 0 : Math.max(-1, Math.min(1, value));
        return (int) Math.round(v * LEVELS_PER_SIDE) + LEVELS_PER_SIDE;
    }

    /** The normalised value a level stands for. */
    public static double levelValue(int level) {
        return (level - LEVELS_PER_SIDE) / (double) LEVELS_PER_SIDE;
    }

    /** The CSS class of a level's colours, defined in heatmap.css. */
    public static String levelClass(int level) {
        return "xh-c" + level;
    }

    /** The end colour of the side of a sign: the colour of the strongest positive or negative word. */
    public static int end(boolean positive) {
        return positive ? POSITIVE[POSITIVE.length - 1] : NEGATIVE[NEGATIVE.length - 1];
    }

    /** The background colour of a normalised value; values outside [-1, 1] are clamped. */
    public static int background(double value) {
        double v = Double.isNaN(value) ? 0 : Math.max(-1, Math.min(1, value));
        int[] stops = v >= 0 ? POSITIVE : NEGATIVE;
        double position = Math.abs(v) * (stops.length - 1);
        int low = Math.min((int) Math.floor(position), stops.length - 2);
        return mix(stops[low], stops[low + 1], position - low);
    }

    /** Black or white, whichever has the higher contrast ratio against the background. */
    public static int text(int background) {
        return contrast(background, BLACK) >= contrast(background, WHITE) ? BLACK : WHITE;
    }

    /** The WCAG 2 contrast ratio of two sRGB colours, from 1 to 21. */
    public static double contrast(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    public static String hex(int rgb) {
        String digits = Integer.toHexString(rgb & 0xffffff);
        return "#" + "000000".substring(digits.length()) + digits;
    }

    private static double luminance(int rgb) {
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    private static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    static int mix(int from, int to, double t) {
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = (from >> shift) & 0xff;
            int b = (to >> shift) & 0xff;
            rgb |= ((int) Math.round(a + (b - a) * t)) << shift;
        }
        return rgb;
    }
}
