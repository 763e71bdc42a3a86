package org.xstudy.represent.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xstudy.explain.TokenScore;

class HeatmapExportTest {

    private static HeatmapFigure hostileFigure() {
        return HeatmapFigure.of(HeatmapLayout.of(HeatmapTest.HOSTILE, HeatmapTest.hostileScores(),
                Normalization.INSTANCE, null, "<svg onload=alert(1)>"), 480, 16);
    }

    @Test
    void hostileTokensRenderInertInSvg() {
        String svg = HeatmapExport.svg(hostileFigure());
        Element root = Xml.parse(svg.substring(svg.indexOf("<svg")));
        assertTrue(Xml.all(root, "script").isEmpty(), svg);
        assertTrue(Xml.all(root, "b").isEmpty(), svg);
        assertEquals(1, Xml.all(root, "svg").size(), "only the root svg element");
        StringBuilder words = new StringBuilder();
        for (Element text : Xml.all(root, "text")) {
            words.append(text.getTextContent());
        }
        assertTrue(words.toString().contains("<script>alert(\"x\")</script>"), words.toString());
        for (Element e : Xml.all(root, "*")) {
            assertTrue(e.getAttribute("onload").isEmpty() && e.getAttribute("onmouseover").isEmpty());
        }
    }

    @Test
    void svgWordsCarryTheHeatmapColoursAndScores() {
        String text = "good bad";
        HeatmapFigure figure = HeatmapFigure.of(HeatmapLayout.of(text, List.of(new TokenScore("good", 0, 4, 0.2),
                new TokenScore("bad", 5, 8, -0.8)), Normalization.INSTANCE, null, "positive"), 400, 16);
        Element root = Xml.parse(HeatmapExport.svg(figure).replaceFirst("<\\?xml[^>]*>", ""));
        List<Element> titled = Xml.all(root, "g").stream()
                .filter(g -> g.getFirstChild() != null && "title".equals(g.getFirstChild().getLocalName())).toList();
        assertEquals(2, titled.size());
        assertEquals("bad (score -0.80)", titled.get(1).getFirstChild().getTextContent());
        Element rect = Xml.all(titled.get(1), "rect").get(0);
        assertEquals(DivergingScale.hex(DivergingScale.end(false)), rect.getAttribute("fill"));
    }

    @Test
    void pngDrawsTheEndColourOfTheStrongestWord() throws Exception {
        String text = "awful";
        HeatmapFigure figure = HeatmapFigure.of(HeatmapLayout.of(text, List.of(new TokenScore("awful", 0, 5, -2.0)),
                Normalization.INSTANCE, null, "positive"), 300, 16);
        byte[] png = HeatmapExport.png(figure, 2);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(600, image.getWidth());
        HeatmapFigure.Box word = figure.boxes().get(0);
        int pixel = image.getRGB((int) ((word.x() + 1) * 2), (int) ((word.y() + 1) * 2)) & 0xffffff;
        assertEquals(DivergingScale.end(false), pixel);
        assertTrue(HeatmapExport.png(hostileFigure(), 1).length > 100);
    }

    /** An exported heatmap of magnitudes draws the one-colour scale and states no direction. */
    @Test
    void svgOfMagnitudesUsesTheOneColourScaleAndNoDirectionWords() {
        HeatmapFigure figure = HeatmapFigure.of(HeatmapLayout.of("dull superb", List.of(
                new TokenScore("dull", 0, 4, 0.2), new TokenScore("superb", 5, 11, 0.8)), Normalization.INSTANCE,
                null, "positive", false), 400, 16);
        String svg = HeatmapExport.svg(figure);
        Element root = Xml.parse(svg.replaceFirst("<\\?xml[^>]*>", ""));
        List<String> fills = Xml.all(root, "rect").stream().map(r -> r.getAttribute("fill")).toList();
        assertTrue(fills.contains(DivergingScale.hex(SequentialScale.background(1))), fills.toString());
        assertTrue(fills.stream().noneMatch(f -> f.equals(DivergingScale.hex(DivergingScale.end(true)))
                || f.equals(DivergingScale.hex(DivergingScale.end(false)))), fills.toString());
        StringBuilder words = new StringBuilder(figure.description());
        Xml.all(root, "text").forEach(t -> words.append(' ').append(t.getTextContent()));
        assertEquals(List.of(), org.xstudy.represent.DirectionWords.in(words.toString()), words.toString());
        assertTrue(words.toString().contains("more influence"), words.toString());
    }
}
