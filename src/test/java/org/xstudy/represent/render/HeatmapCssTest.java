package org.xstudy.represent.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Heatmap words are coloured by classes (pages forbid inline styles): heatmap.css must define every colour level
 * with exactly the colours {@link DivergingScale} gives, so HTML, SVG and PNG heatmaps agree.
 */
class HeatmapCssTest {

    private static final Pattern RULE = Pattern.compile(
            "\\.xh-c(\\d+) \\{ background-color: #([0-9a-f]{6}); color: #([0-9a-f]{6}); }");

    @Test
    void everyColourLevelHasTheScalesColours() throws IOException {
        String css = Files.readString(Path.of("frontend", "css", "heatmap.css"));
        Map<Integer, String> found = new TreeMap<>();
        Matcher m = RULE.matcher(css);
        while (m.find()) {
            found.put(Integer.parseInt(m.group(1)), m.group(2) + "/" + m.group(3));
        }
        Map<Integer, String> expected = new TreeMap<>();
        StringBuilder rules = new StringBuilder();
        for (int level = 0; level <= 2 * DivergingScale.LEVELS_PER_SIDE; level++) {
            int background = DivergingScale.background(DivergingScale.levelValue(level));
            String bg = DivergingScale.hex(background).substring(1);
            String fg = DivergingScale.hex(DivergingScale.text(background)).substring(1);
            expected.put(level, bg + "/" + fg);
            rules.append(".xh-c").append(level).append(" { background-color: #").append(bg).append("; color: #")
                    .append(fg).append("; }\n");
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
