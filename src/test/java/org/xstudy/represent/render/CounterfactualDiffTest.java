package org.xstudy.represent.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class CounterfactualDiffTest {

    @Test
    void replacedWordsBecomeOneDeletionAndOneInsertion() {
        Element root = Xml.parse(CounterfactualDiff.html("a good movie, really.", "a bad film, really."));
        List<Element> del = Xml.all(root, "del");
        List<Element> ins = Xml.all(root, "ins");
        assertEquals(1, del.size());
        assertEquals(1, ins.size());
        assertEquals("[removed: good movie]", del.get(0).getTextContent());
        assertEquals("[added: bad film]", ins.get(0).getTextContent());
    }

    @Test
    void deletionOnlyAndUnchangedText() {
        Element root = Xml.parse(CounterfactualDiff.html("not very good", "very good"));
        assertEquals(1, Xml.all(root, "del").size());
        assertTrue(Xml.all(root, "ins").isEmpty());
        assertTrue(Xml.all(Xml.parse(CounterfactualDiff.html("same", "same")), "del").isEmpty());
    }

    @Test
    void scoresShowMarginAndMeaningAndLeaveOutAMissingMeaning() {
        Element root = Xml.parse(CounterfactualDiff.scores(0.4321, 0.9));
        assertEquals("0.432", Xml.all(root, "span").get(0).getTextContent());
        assertEquals("0.900", Xml.all(root, "span").get(1).getTextContent());
        assertEquals(1, Xml.all(Xml.parse(CounterfactualDiff.scores(0.25, null)), "span").size());
    }

    @Test
    void hostileEditsRenderInert() {
        String html = CounterfactualDiff.html("fine \"x\"", "fine <script>alert('x')</script> \"y\"");
        Element root = Xml.parse(html);
        assertTrue(Xml.all(root, "script").isEmpty(), html);
        assertTrue(root.getTextContent().contains("<script>alert('x')</script>"));
    }

    @Test
    void exampleListEscapesTextAndLabels() {
        String html = ExampleList.html(List.of(
                new ExampleList.Example("<script>bad()</script>", "neg\"", "<i>pos</i>", 0.876),
                new ExampleList.Example("plain", null, null, null)));
        Element root = Xml.parse(html);
        assertTrue(Xml.all(root, "script").isEmpty());
        assertTrue(Xml.all(root, "i").isEmpty());
        assertEquals(2, Xml.all(root, "li").size());
        assertTrue(root.getTextContent().contains("Similarity: 0.88"));
        assertTrue(root.getTextContent().contains("Correct label: unknown"));
    }
}
