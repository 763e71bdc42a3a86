package org.xstudy.represent.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.BagOfWordsClassifier;

class CounterfactualSearchTest {

    static final BagOfWordsClassifier MODEL = new BagOfWordsClassifier(Map.of("good", 2.0, "great", 1.5, "fun", 1.0,
            "bad", -2.5, "boring", -2.0, "dull", -1.5, "awful", -3.0, "terrible", -2.8, "not", -0.5), 0.2);
    static final OpinionLexicon LEXICON = new OpinionLexicon(Map.of("good", 1.9, "great", 3.1, "fun", 2.3,
            "bad", -2.5, "boring", -1.3, "dull", -1.7, "awful", -2.0, "terrible", -2.1), 3);
    static final CounterfactualSearch SEARCH = new CounterfactualSearch(MODEL,
            List.of(new WordNetSource(6), LEXICON), LEXICON);

    /** The model's words with their exact occlusion attributions for its predicted class (closed form). */
    static List<TokenScore> scores(String text) {
        boolean positive = MODEL.logit(text) > 0;
        return MODEL.words(text).stream().map(w -> new TokenScore(w.text(), w.start(), w.end(),
                (positive ? 1 : -1) * MODEL.weight(w.text()))).toList();
    }

    static int predicted(String text) {
        return CounterfactualSearch.argmax(MODEL.predictProba(List.of(text))[0]);
    }

    @Test
    void everyCounterfactualFlipsWhenRerunAndIsMinimal() {
        List<String> texts = List.of("A good and fun film with a great cast.", "A boring, dull and awful film.",
                "Good acting but a terrible plot.", "Not a bad film at all, great fun.", "The cast was great");
        for (String text : texts) {
            List<TokenScore> words = scores(text);
            int label = predicted(text);
            List<Counterfactual> found = SEARCH.search(text, words, CounterfactualSearch.Options.defaults());
            assertFalse(found.isEmpty(), text);
            Set<String> distinct = new HashSet<>();
            for (Counterfactual cf : found) {
                assertTrue(distinct.add(cf.text()), "duplicate " + cf.text());
                assertEquals(Edit.apply(text, words, cf.edits()), cf.text());
                assertEquals(cf.edits().size(), cf.editCount());
                double[] p = MODEL.predictProba(List.of(cf.text()))[0];
                assertTrue(CounterfactualSearch.flips(p, label, CounterfactualSearch.DEFAULT_MIN_MARGIN),
                        "does not flip by the margin: " + cf.text());
                assertEquals(CounterfactualSearch.margin(p, label), cf.margin(), 1e-12);
                assertTrue(cf.valid());
                assertEquals(p[label] - MODEL.predictProba(List.of(text))[0][label], cf.probabilityChange(), 1e-12);
                for (List<Edit> reduction : CounterfactualSearch.reductions(cf.edits())) {
                    String smaller = Edit.apply(text, words, reduction);
                    assertFalse(CounterfactualSearch.flips(MODEL.predictProba(List.of(smaller))[0], label,
                            CounterfactualSearch.DEFAULT_MIN_MARGIN),
                            "not minimal: " + smaller + " also flips (from " + cf.text() + ")");
                }
            }
        }
    }

    @Test
    void mostSalientWordIsEditedWithWordNetAntonymsFirst() {
        String text = "A good film";
        List<Counterfactual> found = SEARCH.search(text, scores(text), new CounterfactualSearch.Options(3, 2, 3, 4, 8));
        Counterfactual first = found.get(0);
        assertEquals(1, first.editCount());
        assertEquals("good", first.edits().get(0).original());
        assertTrue(found.stream().anyMatch(cf -> cf.text().equals("A bad film")), found.toString());
        assertTrue(found.stream().flatMap(cf -> cf.edits().stream())
                .anyMatch(e -> "bad".equals(e.replacement()) && e.source().startsWith("wordnet")), found.toString());
        assertEquals("neg", first.newLabel());
        assertTrue(first.probabilityChange() < 0);
    }

    @Test
    void editsApplyWithCaseAndDeletionSpacing() {
        String text = "Good, really  good film";
        List<TokenScore> words = scores(text);
        assertEquals("Bad, really  good film", Edit.apply(text, words, List.of(new Edit(0, "Good", "bad", "x"))));
        assertEquals("Good, really film", Edit.apply(text, words, List.of(new Edit(2, "good", null, "deletion"))));
    }

    @Test
    void lexiconReadsVaderFormat() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("vader", ".txt");
        java.nio.file.Files.writeString(file, "good\t1.9\t0.9\t[2, 1]\nbad\t-2.5\t0.7\t[-3]\n:)\t2.0\t1\t[2]\n");
        OpinionLexicon read = OpinionLexicon.read(file, 3);
        assertEquals(2, read.size());
        assertEquals(-2.5, read.valence("BAD"));
        assertEquals(List.of(new SubstitutionSource.Substitute("bad", "lexicon-opposite")), read.substitutes("good", Pos.ADJ));
    }
}
