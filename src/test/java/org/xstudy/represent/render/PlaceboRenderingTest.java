package org.xstudy.represent.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xstudy.explain.TokenScore;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.Occlusion;
import org.xstudy.explain.method.Placebo;
import org.xstudy.represent.BagOfWordsClassifier;
import org.xstudy.represent.rationale.Rationale;
import org.xstudy.represent.rationale.RationaleView;

/** A placebo explanation (the engine's seeded permutation of real scores) must look exactly like a real one. */
class PlaceboRenderingTest {

    static final String TEXT = "A good, witty film with a dull ending and a great cast.";
    static final BagOfWordsClassifier MODEL = new BagOfWordsClassifier(
            Map.of("good", 2.0, "witty", 1.2, "dull", -1.6, "great", 1.4, "ending", -0.3), 0.1);

    static List<TokenScore> explain(String method) {
        AttributionMethod occlusion = new Occlusion();
        AttributionMethod m = method.equals("placebo")
                ? new Placebo(id -> occlusion, List.of(occlusion.id())) : occlusion;
        Map<String, Object> params = method.equals("placebo") ? Map.of("seed", 3) : Map.of();
        return m.attribute(MODEL, TEXT, 1, m.resolve(params)).words();
    }

    @Test
    void placeboHeatmapHasTheRealHeatmapsMarkupWithOtherValues() {
        List<TokenScore> real = explain("occlusion");
        List<TokenScore> placebo = explain("placebo");
        assertNotEquals(real, placebo);
        String realHtml = Heatmap.html(TEXT, real, Normalization.INSTANCE, null, "pos");
        String placeboHtml = Heatmap.html(TEXT, placebo, Normalization.INSTANCE, null, "pos");
        assertNotEquals(realHtml, placeboHtml);
        assertEquals(skeleton(Xml.parse(realHtml)), skeleton(Xml.parse(placeboHtml)));
        assertEquals(visibleText(Xml.parse(realHtml)), visibleText(Xml.parse(placeboHtml)),
                "same words, same legend");
    }

    @Test
    void placeboRationaleUsesTheSameMarkup() {
        List<TokenScore> real = explain("occlusion");
        List<TokenScore> placebo = explain("placebo");
        String realHtml = RationaleView.highlights(TEXT, real, Rationale.select(real, Rationale.Mode.TOP_K, 2));
        String placeboHtml = RationaleView.highlights(TEXT, placebo,
                Rationale.select(placebo, Rationale.Mode.TOP_K, 2));
        Element realRoot = Xml.parse(realHtml);
        Element placeboRoot = Xml.parse(placeboHtml);
        assertEquals(marks(realRoot), marks(placeboRoot));
        assertEquals(Xml.all(realRoot, "mark").get(0).getAttribute("class"),
                Xml.all(placeboRoot, "mark").get(0).getAttribute("class"));
        assertEquals(realRoot.getFirstChild().getNodeName(), placeboRoot.getFirstChild().getNodeName());
    }

    /**
     * Element names and attribute names in document order: the markup without its values (a word's colour level
     * class, {@code xh-cN}, is a value).
     */
    static List<String> skeleton(Node node) {
        List<String> out = new ArrayList<>();
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                StringBuilder s = new StringBuilder(e.getTagName());
                NamedNodeMap attributes = e.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    String name = attributes.item(i).getNodeName();
                    s.append(' ').append(name);
                    if (name.equals("class")) {
                        s.append('=').append(attributes.item(i).getNodeValue().replaceAll(" xh-c\\d+", ""));
                    }
                }
                out.add(s.toString());
                out.addAll(skeleton(e));
                out.add("/" + e.getTagName());
            }
        }
        return out;
    }

    static String visibleText(Element root) {
        StringBuilder out = new StringBuilder();
        for (Element e : Xml.withClass(root, "xh-sr")) {
            e.setTextContent("");
        }
        for (Element e : Xml.withClass(root, "xh-note")) {
            e.setTextContent(e.getTextContent().replaceAll("[0-9.]+", "#"));
        }
        out.append(root.getTextContent());
        return out.toString();
    }

    static List<String> marks(Element root) {
        return Xml.all(root, "mark").stream().map(m -> skeleton(m).toString()).distinct().toList();
    }
}
