package org.xstudy.represent.render;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A heatmap laid out as boxes for a figure of a given width: words wrapped onto lines with their colours, then the
 * legend (colour bar, end labels, meaning and normalisation). Widths come from Java2D font metrics of DejaVu Sans
 * (or the logical SansSerif font), so the SVG and PNG exports draw the same picture.
 *
 * @param boxes text boxes in drawing order
 */
public record HeatmapFigure(List<Box> boxes, int width, int height, String title, String description) {

    /**
     * A run of text in a box whose top left corner is (x, y).
     *
     * @param background the box colour, -1 for none
     * @param label what a screen reader says for a word box, null for others
     */
    public record Box(double x, double y, double w, double h, String text, int fontSize, int background,
            int foreground, String label) {

        /** The text baseline, which centres the text vertically in the box. */
        public double baseline() {
            return y + h / 2 + fontSize * 0.35;
        }
    }

    public static final String FONT_FAMILY = "DejaVu Sans";
    private static final Pattern PIECES = Pattern.compile("\\n|[^\\S\\n]+|\\S+");
    private static final FontRenderContext FRC = new FontRenderContext(new AffineTransform(), true, true);
    private static final int PAD = 12;
    private static final int LEGEND_STEPS = 11;
    private static final int SWATCH = 22;

    public static HeatmapFigure of(HeatmapLayout layout, int width, int fontSize) {
        return new Builder(layout, Math.max(200, width), Math.max(8, fontSize)).build();
    }

    public static Font font(int size) {
        Font font = new Font(FONT_FAMILY, Font.PLAIN, size);
        return font.getFamily().equals(FONT_FAMILY) ? font : new Font(Font.SANS_SERIF, Font.PLAIN, size);
    }

    private static final class Builder {
        private final HeatmapLayout layout;
        private final int width;
        private final int size;
        private final Font font;
        private final Font small;
        private final double lineHeight;
        private final List<Box> boxes = new ArrayList<>();
        private double x = PAD;
        private double y;

        Builder(HeatmapLayout layout, int width, int size) {
            this.layout = layout;
            this.width = width;
            this.size = size;
            this.font = font(size);
            this.small = font(Math.max(8, size * 3 / 4));
            this.lineHeight = size * 1.9;
            this.y = PAD;
        }

        HeatmapFigure build() {
            StringBuilder plain = new StringBuilder();
            for (HeatmapLayout.Segment s : layout.segments()) {
                plain.append(s.text());
                Matcher m = PIECES.matcher(s.text());
                while (m.find()) {
                    place(m.group(), s);
                }
            }
            y += lineHeight + size * 0.4;
            legend();
            String description = layout.meaning() + " " + layout.scaleNote();
            return new HeatmapFigure(List.copyOf(boxes), width, (int) Math.ceil(y + PAD),
                    "Word heatmap: " + plain, description);
        }

        private void place(String piece, HeatmapLayout.Segment s) {
            if (piece.equals("\n")) {
                newLine();
                return;
            }
            double w = measure(piece, font);
            boolean blank = piece.isBlank();
            if (blank && x == PAD) {
                return;
            }
            if (!blank && x > PAD && x + w > width - PAD) {
                newLine();
            }
            String label = s.word() ? piece + " (score " + layout.format(s.score()) + ")" : null;
            boxes.add(new Box(x, y, w, size * 1.45, piece, size, s.word() ? s.background() : -1,
                    s.word() ? s.foreground() : DivergingScale.BLACK, label));
            x += w;
        }

        private void newLine() {
            x = PAD;
            y += lineHeight;
        }

        private void legend() {
            int smallSize = small.getSize();
            String low = layout.ends().get(0);
            double lx = PAD;
            double barY = y;
            boxes.add(new Box(lx, barY, measure(low, small), smallSize * 1.4, low, smallSize, -1,
                    DivergingScale.BLACK, null));
            lx += measure(low, small) + 6;
            for (double value : layout.legendValues(LEGEND_STEPS)) {
                boxes.add(new Box(lx, barY, SWATCH, smallSize * 1.4, "", smallSize, layout.swatchColour(value),
                        DivergingScale.BLACK, null));
                lx += SWATCH;
            }
            String high = layout.ends().get(1);
            boxes.add(new Box(lx + 6, barY, measure(high, small), smallSize * 1.4, high, smallSize, -1,
                    DivergingScale.BLACK, null));
            y += smallSize * 2.2;
            for (String sentence : List.of(layout.meaning(), layout.scaleNote())) {
                wrapSmall(sentence);
            }
        }

        private void wrapSmall(String sentence) {
            StringBuilder line = new StringBuilder();
            for (String word : sentence.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (!line.isEmpty() && measure(candidate, small) > width - 2 * PAD) {
                    smallLine(line.toString());
                    line.setLength(0);
                    line.append(word);
                } else {
                    line.setLength(0);
                    line.append(candidate);
                }
            }
            smallLine(line.toString());
        }

        private void smallLine(String text) {
            boxes.add(new Box(PAD, y, measure(text, small), small.getSize() * 1.4, text, small.getSize(), -1, 0x222222,
                    null));
            y += small.getSize() * 1.5;
        }

        private static double measure(String text, Font font) {
            return text.isEmpty() ? 0 : font.getStringBounds(text, FRC).getWidth();
        }
    }

}
