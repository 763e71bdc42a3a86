package org.xstudy.represent.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Heatmap words are coloured by classes (pages forbid inline styles): heatmap.css must define every colour level
 * with exactly the colours {@link DivergingScale} (signed scores, {@code xh-c}) and {@link SequentialScale}
 * (magnitudes, {@code xh-m}) give, so HTML, SVG and PNG heatmaps agree.
 */
class HeatmapCssTest {

    @Test
    void everyColourLevelHasTheScalesColours() throws IOException {
        assertRules("xh-c", 2 * DivergingScale.LEVELS_PER_SIDE,
                level -> DivergingScale.background(DivergingScale.levelValue(level)));
    }

    /** Heatmaps of magnitudes use the one-colour classes xh-m0 .. xh-m20, each readable (contrast 4.5:1 or more). */
    @Test
    void everyOneColourLevelHasTheSequentialScalesColours() throws IOException {
        assertRules("xh-m", SequentialScale.LEVELS,
                level -> SequentialScale.background(SequentialScale.levelValue(level)));
        assertEquals(0, SequentialScale.level(-0.01));
        assertEquals(SequentialScale.LEVELS, SequentialScale.level(-3));
    }

    private static void assertRules(String prefix, int maxLevel, IntUnaryOperator background) throws IOException {
        String css = Files.readString(Path.of("frontend", "css", "heatmap.css"));
        Matcher m = Pattern.compile("\\." + prefix + "(\\d+) \\{ background-color: #([0-9a-f]{6}); color: "
                + "#([0-9a-f]{6}); }").matcher(css);
        Map<Integer, String> found = new TreeMap<>();
        while (m.find()) {
            found.put(Integer.parseInt(m.group(1)), m.group(2) + "/" + m.group(3));
        }
        Map<Integer, String> expected = new TreeMap<>();
        StringBuilder rules = new StringBuilder();
        for (int level = 0; level <= maxLevel; level++) {
            int bg = background.applyAsInt(level);
            int fg = DivergingScale.text(bg);
            assertTrue(DivergingScale.contrast(bg, fg) >= 4.5, prefix + level);
            expected.put(level, DivergingScale.hex(bg).substring(1) + "/" + DivergingScale.hex(fg).substring(1));
            rules.append('.').append(prefix).append(level).append(" { background-color: ").append(DivergingScale.hex(bg))
                    .append("; color: ").append(DivergingScale.hex(fg)).append("; }\n");
        }
        assertEquals(expected, found, "heatmap.css should hold these rules:\n" + rules);
    }

    @Test
    void levelsRoundToTheNearestStep() {
        assertEquals(0, DivergingScale.level(-1));
        assertEquals(DivergingScale.LEVELS_PER_SIDE, DivergingScale.level(0.02));
        assertEquals(DivergingScale.LEVELS_PER_SIDE + 1, DivergingScale.level(0.05));
        assertEquals(2 * DivergingScale.LEVELS_PER_SIDE, DivergingScale.level(3));
    }
}
