package org.xstudy.represent.rationale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.represent.Fixtures;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.BagOfWordsClassifier;

class RationaleTest {

    static final String TEXT = Fixtures.TEXT;
    static final List<TokenScore> SCORES = Fixtures.SCORES;

    @Test
    void topKTakesTheStrongestSupportingWords() {
        Rationale r = Rationale.select(SCORES, Rationale.Mode.TOP_K, 2);
        assertEquals(List.of(1, 3), r.words());
        assertEquals(List.of(new Rationale.Span(1, 1), new Rationale.Span(3, 3)), r.spans());
        assertEquals(List.of(1, 3, 4), Rationale.select(SCORES, Rationale.Mode.TOP_K, 3).words());
        assertEquals(4, Rationale.select(SCORES, Rationale.Mode.TOP_K, 100).words().size(),
                "only the four positive words are evidence");
    }

    @Test
    void topPercentRoundsUp() {
        assertEquals(List.of(1, 3), Rationale.select(SCORES, Rationale.Mode.TOP_PERCENT, 25).words());
        assertEquals(List.of(1, 3, 4), Rationale.select(SCORES, Rationale.Mode.TOP_PERCENT, 30).words());
    }

    @Test
    void thresholdGivesContiguousSpans() {
        Rationale r = Rationale.select(SCORES, Rationale.Mode.THRESHOLD, 0.04);
        assertEquals(List.of(1, 2, 3, 4), r.words());
        assertEquals(List.of(new Rationale.Span(1, 4)), r.spans());
        assertEquals(List.of("\u201cgood and great plot\u201d"),
                List.of(RationaleView.snippets(TEXT, SCORES, r).replaceAll("</?(ul|li)[^>]*>", "")));
        assertNotNull(Rationale.problem(Rationale.Mode.THRESHOLD, 1.5));
        assertNull(Rationale.problem(Rationale.Mode.TOP_K, 3));
        assertNotNull(Rationale.problem(Rationale.Mode.TOP_K, 2.5));
    }

    @Test
    void comprehensivenessAndSufficiencyMatchHandComputedValues() {
        BagOfWordsClassifier model = new BagOfWordsClassifier(
                Map.of("good", 2.0, "great", 1.0, "boring", -1.5, "end", 0.5), -0.25);
        Rationale r = Rationale.select(SCORES, Rationale.Mode.TOP_K, 2);
        Faithfulness.Scores s = Faithfulness.of(model, TEXT, SCORES, r, 1);
        double full = sigmoid(-0.25 + 2.0 + 1.0 - 1.5 + 0.5);
        double without = sigmoid(-0.25 - 1.5 + 0.5);
        double only = sigmoid(-0.25 + 2.0 + 1.0);
        assertEquals(full - without, s.comprehensiveness(), 1e-12);
        assertEquals(full - only, s.sufficiency(), 1e-12);
        assertEquals(1, model.calls(), "one batched call");
    }

    @Test
    void frozenPayloadGivesBackTheSameRationale() {
        Rationale r = Rationale.select(SCORES, Rationale.Mode.THRESHOLD, 0.04);
        List<TokenScore> marks = new java.util.ArrayList<>();
        for (int i = 0; i < SCORES.size(); i++) {
            TokenScore s = SCORES.get(i);
            marks.add(new TokenScore(s.token(), s.start(), s.end(), r.words().contains(i) ? 1 : 0));
        }
        Rationale back = Rationale.frozen(marks);
        assertEquals(r.words(), back.words());
        assertEquals(RationaleView.highlights(TEXT, SCORES, r), RationaleView.highlights(TEXT, marks, back));
    }

    @Test
    void highlightsMarkSpansAndEscape() {
        String text = "<b>ok</b> fine";
        List<TokenScore> words = List.of(new TokenScore("<b>ok</b>", 0, 9, 1), new TokenScore("fine", 10, 14, 0.5));
        String html = RationaleView.highlights(text, words, Rationale.select(words, Rationale.Mode.TOP_K, 1));
        assertEquals("<p class=\"xh-rationale\"><mark class=\"xh-r\"><span class=\"xh-sr\">[key: </span>"
                + "&lt;b&gt;ok&lt;/b&gt;<span class=\"xh-sr\">]</span></mark> fine</p>", html);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Issue 19, defect 5: a rationale for lay readers never selects punctuation or function words. */
    @Test
    void contentWordsOnlyLeavesOutPunctuationAndFunctionWords() {
        String text = "the film ' s ending is not good .";
        List<TokenScore> scores = List.of(new TokenScore("the", 0, 3, 0.9), new TokenScore("film", 4, 8, 0.2),
                new TokenScore("'", 9, 10, 0.8), new TokenScore("s", 11, 12, 0.7), new TokenScore("ending", 13, 19, 0.1),
                new TokenScore("is", 20, 22, 0.6), new TokenScore("not", 23, 26, 0.5),
                new TokenScore("good", 27, 31, 0.3), new TokenScore(".", 32, 33, 0.95));
        assertEquals(List.of(0, 2, 8), Rationale.select(scores, Rationale.Mode.TOP_K, 3).words(),
                "without the setting, the strongest are function words and punctuation");
        assertEquals(List.of(1, 6, 7), Rationale.select(Rationale.contentWordsOnly(scores), Rationale.Mode.TOP_K, 3)
                .words(), "negations are kept: 'not' decides sentiment");
        assertEquals(List.of(6), Rationale.select(Rationale.contentWordsOnly(scores), Rationale.Mode.THRESHOLD, 0.9)
                .words());
        assertEquals(text.length(), 33);
    }
}
