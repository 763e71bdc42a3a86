package org.xstudy.represent.counterfactual;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.sf.extjwnl.data.POS;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.BagOfWordsClassifier;

/**
 * The defects of issue 19 ("Counterfactual edits are often not fluent"), each on a model that rewards editing the
 * wrong word: WordNet substitutions of function words and of wrong senses ("a" → "angstrom", "does work" →
 * "Energy not workplace") and hyphenated compounds broken ("over-the-top" → "-the-top"). Uses only the search's
 * old interface, so it runs unchanged against earlier versions (where it fails).
 */
class FluentEditsTest {

    private static List<Counterfactual> search(BagOfWordsClassifier model, String text) {
        return new CounterfactualSearch(model, List.of(new WordNetSource(6)), null)
                .search(text, scores(model, text), new CounterfactualSearch.Options(3, 3, 8, 4, 24));
    }

    /** The model's words with their exact occlusion attributions for its predicted class. */
    private static List<TokenScore> scores(BagOfWordsClassifier model, String text) {
        boolean positive = model.logit(text) > 0;
        return model.words(text).stream().map(w -> new TokenScore(w.text(), w.start(), w.end(),
                (positive ? 1 : -1) * model.weight(w.text()))).toList();
    }

    @Test
    void theArticleIsNeverEditedEvenWhenTheModelLeansOnIt() {
        BagOfWordsClassifier model = new BagOfWordsClassifier(Map.of("a", 2.0, "good", 0.5, "film", 0.3,
                "bad", -3.0), -1.5);
        List<Counterfactual> found = search(model, "It is a good film");
        assertFalse(found.isEmpty(), "\"good\" → \"bad\" flips the model");
        for (Counterfactual cf : found) {
            assertFalse(cf.text().toLowerCase().contains("angstrom"), cf.text());
            for (Edit e : cf.edits()) {
                assertTrue(List.of("good", "film").contains(e.original()), "edited a function word: " + cf);
            }
        }
    }

    @Test
    void anAuxiliaryIsNeverEditedAndAVerbIsNeverReplacedByANoun() throws Exception {
        BagOfWordsClassifier model = new BagOfWordsClassifier(Map.of("does", 1.5, "work", 1.0), -1.0);
        for (Counterfactual cf : search(model, "It does work.")) {
            for (Edit e : cf.edits()) {
                assertFalse(e.original().equalsIgnoreCase("does"), "edited the auxiliary: " + cf);
                if (e.replacement() != null) {
                    assertNotNull(WordNetSource.dictionary().lookupIndexWord(POS.VERB, e.replacement().toLowerCase()),
                            "\"work\" (a verb here) replaced by \"" + e.replacement() + "\": " + cf.text());
                }
            }
        }
    }

    @Test
    void aHyphenatedCompoundIsNeverBroken() {
        BagOfWordsClassifier model = new BagOfWordsClassifier(Map.of("over", 2.0, "top", 1.0, "performance", 0.2),
                -1.5);
        for (Counterfactual cf : search(model, "an over-the-top performance")) {
            for (String token : cf.text().split("\\s+")) {
                assertFalse(token.startsWith("-") || token.endsWith("-"), "broken compound: " + cf.text());
            }
            assertTrue(cf.text().contains("over-the-top") || !cf.text().matches(".*\\b(over|the|top)\\b.*"),
                    "part of the compound edited: " + cf.text());
        }
    }

    @Test
    void aCompoundOfContentWordsIsEditedWhole() {
        BagOfWordsClassifier model = new BagOfWordsClassifier(Map.of("heart", 1.0, "warming", 1.5), -1.0);
        List<Counterfactual> found = search(model, "a heart-warming film");
        assertFalse(found.isEmpty());
        for (Counterfactual cf : found) {
            for (String token : cf.text().split("\\s+")) {
                assertFalse(token.startsWith("-") || token.endsWith("-"), "broken compound: " + cf.text());
            }
            assertTrue(cf.edits().stream().allMatch(e -> e.original().equals("heart-warming")), cf.toString());
        }
    }
}
