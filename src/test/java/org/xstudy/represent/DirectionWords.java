package org.xstudy.represent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words that give a word's score a direction ("for", "against", "supports", "because of", ...) or name the
 * two-colour scale's hues: none may appear in what a magnitude heatmap's legend or a magnitude verbalization says.
 */
public final class DirectionWords {

    private static final Pattern DIRECTION = Pattern.compile("(?i)\\b(for|against|supports?|support(?:ed|ing)|"
            + "because|despite|speaks?|towards?|pushe?s?|lowers?|raises?|blue|red|positive score|negative score)\\b");

    private DirectionWords() {}

    /** Every direction word in {@code text}, in order. */
    public static List<String> in(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = DIRECTION.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
