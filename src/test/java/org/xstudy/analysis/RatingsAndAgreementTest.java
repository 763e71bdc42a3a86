package org.xstudy.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.analysis.AnalysisResult.AgreementCell;
import org.xstudy.analysis.AnalysisResult.RatingSummary;
import org.xstudy.analysis.AnalysisResult.RatingTest;
import org.xstudy.analysis.Answer.Kind;

/** Ratings, their breakdowns and tests, agreement, rating-accuracy and human-vs-automatic correlations. */
class RatingsAndAgreementTest {

    private static final AnalysisParams PARAMS = AnalysisParams.defaults().withResamples(50);

    /** Heatmap: participants h0..h4 rate 4 or 5; none: n0..n4 rate 1 or 2; each rates the item they simulated. */
    static List<Answer> answers() {
        List<Answer> answers = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            for (int i = 0; i < 2; i++) {
                boolean right = i == 0;
                answers.add(Answer.simulation("h" + p, "heatmap", "main", "i" + i, Kind.FORWARD,
                        right ? "pos" : "neg", "pos", i == 0 ? "pos" : "neg", 3000));
                answers.add(Answer.rating("h" + p, "heatmap", "i" + i, "helpfulness", right ? 5 : 4));
                answers.add(Answer.simulation("n" + p, "none", "main", "i" + i, Kind.FORWARD,
                        p < 2 ? "pos" : "neg", "pos", i == 0 ? "pos" : "neg", 3000));
                answers.add(Answer.rating("n" + p, "none", "i" + i, "helpfulness", p < 2 ? 2 : 1));
            }
        }
        return answers;
    }

    @Test
    void ratingSummaryAndBreakdownBySimulationCorrectness() {
        AnalysisResult r = StudyAnalyzer.analyze(answers(), List.of(), PARAMS, null);
        RatingSummary heat = summary(r, "heatmap", "all");
        assertEquals(10, heat.n());
        assertEquals(4.5, heat.mean(), 1e-12);
        assertEquals(4.5, heat.median(), 1e-12);
        assertEquals(Map.of(4, 5L, 5, 5L), heat.distribution());
        assertEquals(5.0, summary(r, "heatmap", "sim_right").mean(), 1e-12);
        assertEquals(4.0, summary(r, "heatmap", "sim_wrong").mean(), 1e-12);
        assertEquals(4.0, summary(r, "heatmap", "model_wrong").mean(), 1e-12);
        assertEquals(2, r.ratings().stream().filter(s -> "item".equals(s.subset()) && s.condition().equals("none"))
                .count());
    }

    /**
     * Issue 15: the mean of participants' means next to the pooled mean. One participant rates four items 7, another
     * rates one item 1: pooled 29/5 = 5.8, participant mean (7 + 1) / 2 = 4, with a bootstrap interval over
     * participants inside [1, 7].
     */
    @Test
    void participantMeanNextToThePooledMean() {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(Answer.rating("a", "heatmap", "i" + i, "ease", 7));
        }
        answers.add(Answer.rating("b", "heatmap", "i0", "ease", 1));
        AnalysisResult r = StudyAnalyzer.analyze(answers, List.of(), PARAMS, null);
        RatingSummary all = r.ratings().stream().filter(s -> s.scale().equals("ease") && s.subset().equals("all"))
                .findFirst().orElseThrow();
        assertEquals(5.8, all.mean(), 1e-12);
        assertEquals(2, all.participants());
        assertEquals(4.0, all.participantMean(), 1e-12);
        assertTrue(all.participantMeanInterval().low() >= 1 && all.participantMeanInterval().high() <= 7,
                all.participantMeanInterval().toString());
        assertTrue(all.participantMeanInterval().low() < 4 && all.participantMeanInterval().high() > 4);
    }

    @Test
    void rankTestsOnParticipantMeans() {
        AnalysisResult r = StudyAnalyzer.analyze(answers(), List.of(), PARAMS, null);
        RatingTest t = r.ratingTests().stream().filter(x -> x.subset().equals("all")).findFirst().orElseThrow();
        // participant means: heatmap all 4.5, none 2,2,1,1,1 — complete separation, U(heatmap) = 25, r = 1
        var pair = t.pairs().get(0);
        assertEquals("heatmap", pair.a());
        assertEquals(25.0, pair.mannWhitney().u1(), 1e-12);
        assertEquals(1.0, pair.mannWhitney().rankBiserial(), 1e-12);
        assertTrue(t.kruskalWallis().p() < 0.01);
        // ε² = H/(n − 1), n = 10
        assertEquals(t.kruskalWallis().h() / 9, t.kruskalWallis().epsilonSquared(), 1e-12);
    }

    @Test
    void agreementOnGuessesAndRatings() {
        AnalysisResult r = StudyAnalyzer.analyze(answers(), List.of(), PARAMS, null);
        AgreementCell guesses = agreement(r, "forward", "heatmap");
        // every heatmap participant guesses pos on i0 and neg on i1: perfect agreement
        assertEquals(1.0, guesses.fleissKappa(), 1e-12);
        assertEquals(1.0, guesses.krippendorffAlpha(), 1e-12);
        assertEquals("nominal", guesses.alphaLevel());
        AgreementCell ratings = agreement(r, "rating:helpfulness", "heatmap");
        assertEquals("ordinal", ratings.alphaLevel());
        assertEquals(1.0, ratings.krippendorffAlpha(), 1e-12);
        // none: on both items 2 participants guess pos and 3 neg: no agreement beyond chance structure
        AgreementCell none = agreement(r, "forward", "none");
        assertTrue(none.fleissKappa() < 0);
    }

    @Test
    void ratingAccuracyAndHumanVsAutomaticCorrelations() {
        List<FaithfulnessScore> scores = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        for (int item = 0; item < 6; item++) {
            for (int p = 0; p < 6; p++) {
                boolean right = p < item;
                answers.add(Answer.simulation("p" + p, "heatmap", "main", "i" + item, Kind.FORWARD,
                        right ? "pos" : "neg", "pos", "pos", 3000));
            }
            scores.add(new FaithfulnessScore("i" + item, "heatmap", "comprehensiveness", item * 0.1));
        }
        AnalysisResult r = StudyAnalyzer.analyze(answers, scores, PARAMS, null);
        AnalysisResult.HumanVsAutomatic h = r.humanVsAutomatic().get(0);
        assertEquals(6, h.items());
        // human accuracy on item k is k/6, a linear function of the score 0.1·k: r = ρ = 1
        assertEquals(1.0, h.pearson().r(), 1e-12);
        assertEquals(1.0, h.spearman().r(), 1e-12);
    }

    private static RatingSummary summary(AnalysisResult r, String condition, String subset) {
        return r.ratings().stream().filter(s -> s.condition().equals(condition) && s.subset().equals(subset))
                .findFirst().orElseThrow();
    }

    private static AgreementCell agreement(AnalysisResult r, String measure, String condition) {
        return r.agreement().stream().filter(a -> a.measure().equals(measure) && a.condition().equals(condition))
                .findFirst().orElseThrow();
    }
}
