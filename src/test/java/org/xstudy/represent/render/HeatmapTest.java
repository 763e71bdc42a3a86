package org.xstudy.represent.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.xstudy.explain.TokenScore;

class HeatmapTest {

    static final String HOSTILE = "ok <script>alert(\"x\")</script> \"quoted\" it's & <b onmouseover='y'>";

    /** Every whitespace-free run of the hostile text as a scored word, so tokens and gaps are both hostile. */
    static List<TokenScore> hostileScores() {
        List<TokenScore> scores = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(HOSTILE);
        int i = 0;
        while (m.find()) {
            scores.add(new TokenScore(m.group(), m.start(), m.end(), (i++ % 3 - 1) * 0.4));
        }
        return scores;
    }

    @Test
    void hostileTokensRenderInert() {
        String html = Heatmap.html(HOSTILE, hostileScores(), Normalization.INSTANCE, null, "<img src=x>\"");
        Element root = Xml.parse(html);
        assertTrue(Xml.all(root, "script").isEmpty(), html);
        assertTrue(Xml.all(root, "b").isEmpty(), html);
        assertTrue(Xml.all(root, "img").isEmpty(), html);
        Set<String> allowed = Set.of("class", "data-normalization", "data-scale", "aria-hidden");
        for (Element e : Xml.all(root, "*")) {
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                assertTrue(allowed.contains(attributes.item(i).getNodeName()), "attribute injected: " + e.getTagName()
                        + " " + attributes.item(i).getNodeName());
            }
        }
        Element text = Xml.withClass(root, "xh-text").get(0);
        StringBuilder visible = new StringBuilder();
        collectVisible(text, visible);
        assertEquals(HOSTILE, visible.toString(), "the words and gaps show exactly the original text");
    }

    private static void collectVisible(org.w3c.dom.Node node, StringBuilder out) {
        for (org.w3c.dom.Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                if (!e.getAttribute("class").equals("xh-sr")) {
                    collectVisible(e, out);
                }
            } else {
                out.append(c.getTextContent());
            }
        }
    }

    @Test
    void strongestWordGetsEndColourAndSignPicksTheSide() {
        String text = "good bad fine so";
        List<TokenScore> scores = List.of(new TokenScore("good", 0, 4, 0.5), new TokenScore("bad", 5, 8, -1.0),
                new TokenScore("fine", 9, 13, 0.25), new TokenScore("so", 14, 16, 0));
        List<Element> words = Xml.withClass(Xml.parse(
                Heatmap.html(text, scores, Normalization.INSTANCE, null, "positive")), "xh-w");
        assertEquals(4, words.size());
        assertEquals(DivergingScale.end(false), background(words.get(1)), "max |score| is negative: red end");
        assertTrue(isBlue(background(words.get(0))), "positive score on the blue side");
        assertTrue(isBlue(background(words.get(2))));
        assertTrue(lighter(background(words.get(2)), background(words.get(0))), "weaker is lighter");
        assertEquals(DivergingScale.background(0), background(words.get(3)));

        List<TokenScore> flipped = scores.stream()
                .map(s -> new TokenScore(s.token(), s.start(), s.end(), -s.score())).toList();
        words = Xml.withClass(Xml.parse(Heatmap.html(text, flipped, Normalization.INSTANCE, null, "positive")),
                "xh-w");
        assertEquals(DivergingScale.end(true), background(words.get(1)), "max |score| is positive: blue end");
        assertFalse(isBlue(background(words.get(0))));
    }

    /**
     * Magnitudes (absolute saliency) get the one-colour classes xh-m0 .. xh-m20, darker for larger |score|, and a
     * legend of influence with no direction words; signed scores keep the two-colour classes and their legend.
     */
    @Test
    void magnitudesGetTheOneColourScaleAndALegendWithoutDirection() {
        String text = "a superb, moving film";
        List<TokenScore> scores = List.of(new TokenScore("a", 0, 1, 0.04), new TokenScore("superb", 2, 8, 0.8),
                new TokenScore("moving", 10, 16, 0.4), new TokenScore("film", 17, 21, 0.0));
        String html = Heatmap.html(text, scores, Normalization.INSTANCE, null, "positive", false);
        Element root = Xml.parse(html);
        List<String> classes = Xml.withClass(root, "xh-w").stream().map(e -> e.getAttribute("class")).toList();
        assertEquals(List.of("xh-w xh-m1", "xh-w xh-m20", "xh-w xh-m10", "xh-w xh-m0"), classes);
        assertFalse(html.contains("xh-c"), "no two-colour class: " + html);
        List<String> swatches = Xml.withClass(root, "xh-sw").stream().map(e -> e.getAttribute("class")).toList();
        assertEquals("xh-sw xh-m0", swatches.get(0));
        assertEquals("xh-sw xh-m20", swatches.get(swatches.size() - 1));
        String legend = Xml.withClass(root, "xh-legend").get(0).getTextContent();
        assertEquals(List.of(), org.xstudy.represent.DirectionWords.in(legend), legend);
        assertTrue(legend.contains("less influence") && legend.contains("more influence"), legend);
        assertTrue(legend.contains("not its direction"), legend);
        assertTrue(html.contains("data-scale=\"magnitude\""), html);
        assertTrue(html.contains("(score 0.80)"), "no sign on a magnitude: " + html);

        String signed = Heatmap.html(text, scores, Normalization.INSTANCE, null, "positive");
        assertEquals(signed, Heatmap.html(text, scores, Normalization.INSTANCE, null, "positive", true));
        assertTrue(signed.contains("xh-w xh-c40") && !signed.contains("xh-m"), signed);
        assertTrue(signed.contains("data-scale=\"signed\"") && signed.contains("for positive")
                && signed.contains("against positive") && signed.contains("Blue words support"), signed);
    }

    @Test
    void globalNormalizationUsesTheSharedMaximumAndSaysSo() {
        String text = "good bad worst";
        List<TokenScore> scores = List.of(new TokenScore("good", 0, 4, 1.0), new TokenScore("bad", 5, 8, -1.0),
                new TokenScore("worst", 9, 14, -3.0));
        String html = Heatmap.html(text, scores, Normalization.GLOBAL, 2.0, "positive");
        List<Element> words = Xml.withClass(Xml.parse(html), "xh-w");
        assertEquals(DivergingScale.background(0.5), background(words.get(0)));
        assertEquals(DivergingScale.background(-0.5), background(words.get(1)));
        assertEquals(DivergingScale.end(false), background(words.get(2)), "beyond the global max is clamped");
        assertTrue(html.contains("data-normalization=\"global\""));
        assertTrue(html.contains("one scale for all texts"), html);
        assertTrue(html.contains("2.00"), "the legend states the global maximum");

        String instance = Heatmap.html(text, scores, Normalization.INSTANCE, null, "positive");
        assertTrue(instance.contains("relative to the strongest word in this text"), instance);
        assertTrue(instance.contains("support \u201cpositive\u201d"), instance);
        assertThrows(IllegalArgumentException.class,
                () -> Heatmap.html(text, scores, Normalization.GLOBAL, null, "positive"));
    }

    @Test
    void everyWordCarriesItsScoreForScreenReaders() {
        String text = "a fine film";
        List<TokenScore> scores = List.of(new TokenScore("a", 0, 1, 0.0123), new TokenScore("fine", 2, 6, 0.734),
                new TokenScore("film", 7, 11, -0.2));
        List<Element> words = Xml.withClass(Xml.parse(
                Heatmap.html(text, scores, Normalization.INSTANCE, null, "positive")), "xh-w");
        assertEquals(" (score +0.012)", Xml.withClass(words.get(0), "xh-sr").get(0).getTextContent());
        assertEquals(" (score +0.73)", Xml.withClass(words.get(1), "xh-sr").get(0).getTextContent());
        assertEquals(" (score -0.20)", Xml.withClass(words.get(2), "xh-sr").get(0).getTextContent());
    }

    @Test
    void textColourAlwaysMeetsWcagAa() {
        for (int i = -100; i <= 100; i++) {
            int background = DivergingScale.background(i / 100.0);
            double ratio = DivergingScale.contrast(background, DivergingScale.text(background));
            assertTrue(ratio >= 4.5, "contrast " + ratio + " at " + i / 100.0);
        }
    }

    @Test
    void badOffsetsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Heatmap.html("abc",
                List.of(new TokenScore("abcd", 0, 4, 1)), Normalization.INSTANCE, null, "x"));
        assertThrows(IllegalArgumentException.class, () -> Heatmap.html("abc def",
                List.of(new TokenScore("def", 4, 7, 1), new TokenScore("abc", 0, 3, 1)), Normalization.INSTANCE,
                null, "x"));
        assertThrows(IllegalArgumentException.class, () -> Heatmap.html("abc",
                List.of(new TokenScore("abc", 0, 3, Double.NaN)), Normalization.INSTANCE, null, "x"));
    }

    /** The background colour of a word: that of its colour level class (heatmap.css, checked by HeatmapCssTest). */
    static int background(Element word) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bxh-c(\\d+)\\b")
                .matcher(word.getAttribute("class"));
        assertTrue(m.find(), "a colour level class on " + word.getAttribute("class"));
        return DivergingScale.background(DivergingScale.levelValue(Integer.parseInt(m.group(1))));
    }

    static boolean isBlue(int rgb) {
        return (rgb & 0xff) > (rgb >> 16 & 0xff);
    }

    static boolean lighter(int a, int b) {
        return (a >> 8 & 0xff) + (a & 0xff) + (a >> 16 & 0xff) > (b >> 8 & 0xff) + (b & 0xff) + (b >> 16 & 0xff);
    }
}
