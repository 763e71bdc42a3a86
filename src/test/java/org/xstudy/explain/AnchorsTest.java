package org.xstudy.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.ClosedFormModels.BagOfWordsLogistic;
import org.xstudy.explain.method.AnchorRule;
import org.xstudy.explain.method.Anchors;
import org.xstudy.explain.method.Attribution;

/**
 * Anchors (Ribeiro et al. 2018) on closed-form models whose anchor is known: the rule found, its precision and its
 * coverage (2^−size under the perturbation distribution), for UNK masking and for removal, and the rule in words.
 */
class AnchorsTest {

    /** Negative exactly when both "dull" and "flat" are present: z = 4 − 3·[dull] − 3·[flat]. */
    static final BagOfWordsLogistic BOTH = new BagOfWordsLogistic("both", Map.of("dull", -3.0, "flat", -3.0), 4.0);

    private static Attribution run(BagOfWordsLogistic model, String text, int target, Map<String, ?> params) {
        Anchors a = new Anchors();
        return a.attribute(model, text, target, a.resolve(params));
    }

    private static List<String> anchor(Attribution a) {
        return a.words().stream().filter(w -> w.score() == 1).map(TokenScore::token).toList();
    }

    @Test
    void theAnchorOfAConjunctionIsBothWords() {
        String text = "a dull and flat film with a fine cast";
        for (String mask : List.of("unk", "remove")) {
            Attribution a = run(BOTH, text, 0, Map.of("mask", mask, "seed", 7));
            assertEquals(List.of("dull", "flat"), anchor(a), mask);
            assertEquals(1.0, a.diagnostics().get("precision"), 1e-12, "no other word matters");
            assertEquals(0.25, a.diagnostics().get("coverage"), 1e-12);
            assertEquals(1.0, a.diagnostics().get("meetsThreshold"));
            assertEquals(2.0, a.diagnostics().get("anchorSize"));
            assertEquals("When the text contains *dull* and *flat*, the model predicts negative (precision 1.00).",
                    AnchorRule.of(a.words(), "negative", a.diagnostics()).sentence());
        }
    }

    @Test
    void oneDecisiveWordIsTheAnchorAndAWordThatDecidesNothingIsNot() {
        // positive iff "good" is present (z = −2 + 5·[good]); "fine" moves the logit a little and never decides
        BagOfWordsLogistic model = new BagOfWordsLogistic("good", Map.of("good", 5.0, "fine", 0.5), -2.0);
        Attribution a = run(model, "a good and fine film", 1, Map.of("seed", 3));
        assertEquals(List.of("good"), anchor(a));
        assertEquals(1.0, a.diagnostics().get("precision"), 1e-12);
        assertEquals(0.5, a.diagnostics().get("coverage"), 1e-12);
    }

    @Test
    void aPredictionNoWordCanChangeHasTheEmptyAnchor() {
        BagOfWordsLogistic model = new BagOfWordsLogistic("sure", Map.of("good", 1.0), 6.0);
        Attribution a = run(model, "a good plain film", 1, Map.of("seed", 1));
        assertEquals(List.of(), anchor(a));
        assertEquals(1.0, a.diagnostics().get("coverage"));
        assertTrue(AnchorRule.of(a.words(), "positive", a.diagnostics()).sentence()
                .startsWith("Whatever the words, the model predicts positive (precision 1.00)"));
    }

    @Test
    void whenNoRuleReachesThePrecisionTheMostPreciseIsReportedAsSuch() {
        // p(positive) = σ(0.2·#good − 0.1): every perturbation keeps the prediction near 50 %, never above 0.95
        BagOfWordsLogistic model = new BagOfWordsLogistic("weak", Map.of("good", 0.3, "bad", -0.3), 0.0);
        Attribution a = run(model, "good bad good bad", 1, Map.of("seed", 5, "maxSamples", 2000));
        assertEquals(0.0, a.diagnostics().get("meetsThreshold"));
        assertTrue(a.diagnostics().get("modelEvaluations") <= 2000 + 10, a.diagnostics().toString());
        assertTrue(AnchorRule.of(a.words(), "positive", a.diagnostics()).sentence().contains("No rule reached"));
    }
}
