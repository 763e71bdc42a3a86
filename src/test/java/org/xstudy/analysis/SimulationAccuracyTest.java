package org.xstudy.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xstudy.analysis.AnalysisResult.AccuracyCell;
import org.xstudy.analysis.AnalysisResult.Comparison;
import org.xstudy.analysis.AnalysisResult.Effect;
import org.xstudy.analysis.Answer.Kind;

/** Macro and pooled simulation accuracy, pre/post effects and comparisons with the control on constructed data. */
class SimulationAccuracyTest {

    private static final AnalysisParams PARAMS = AnalysisParams.defaults().withResamples(500);

    static Answer sim(String p, String condition, String phase, String item, boolean correct) {
        return Answer.simulation(p, condition, phase, item, Kind.FORWARD, correct ? "pos" : "neg", "pos", "pos", 3000);
    }

    static AccuracyCell cell(AnalysisResult r, String kind, String condition, String phase, String subset) {
        return r.simulation().stream().filter(c -> c.kind().equals(kind) && c.condition().equals(condition)
                && c.phase().equals(phase) && c.subset().equals(subset)).findFirst().orElseThrow();
    }

    @Test
    void macroAndPooledDifferWhenParticipantsAnswerDifferentNumbersOfItems() {
        List<Answer> answers = new ArrayList<>();
        // A: 2 answers, both correct (accuracy 1). B: 8 answers, 2 correct (accuracy 1/4).
        answers.add(sim("A", "heatmap", "main", "i1", true));
        answers.add(sim("A", "heatmap", "main", "i2", true));
        for (int i = 1; i <= 8; i++) {
            answers.add(sim("B", "heatmap", "main", "i" + i, i <= 2));
        }
        AnalysisResult r = StudyAnalyzer.analyze(answers, List.of(), PARAMS, null);
        AccuracyCell c = cell(r, "forward", "heatmap", "main", "all");
        assertEquals(4.0 / 10, c.pooled(), 1e-12, "pooled = (2 + 2) / (2 + 8)");
        assertEquals((1.0 + 0.25) / 2, c.macro(), 1e-12, "macro = (1 + 1/4) / 2");
        assertEquals(2, c.participants());
        assertEquals(10, c.answers());
        assertTrue(c.pooledCi().contains(0.4));
    }

    @Test
    void accuracyIsAgainstTheModelOutputNotTheGoldLabel() {
        // The model is wrong (says pos, gold neg); the participant guesses pos: simulation is correct.
        Answer a = Answer.simulation("A", "none", "main", "i1", Kind.FORWARD, "pos", "pos", "neg", 2000);
        AnalysisResult r = StudyAnalyzer.analyze(List.of(a), List.of(), PARAMS, null);
        assertEquals(1.0, cell(r, "forward", "none", "main", "all").pooled());
        assertEquals(1.0, cell(r, "forward", "none", "main", "model_wrong").pooled());
    }

    @Test
    void counterfactualIsReportedSeparatelyFromForward() {
        List<Answer> answers = List.of(
                sim("A", "cf", "main", "i1", true),
                Answer.simulation("A", "cf", "main", "i1", Kind.COUNTERFACTUAL, "neg", "pos", "pos", 2000));
        AnalysisResult r = StudyAnalyzer.analyze(answers, List.of(), PARAMS, null);
        assertEquals(1.0, cell(r, "forward", "cf", "main", "all").pooled());
        assertEquals(0.0, cell(r, "counterfactual", "cf", "main", "all").pooled());
    }

    @Test
    void prePostEffectAndComparisonWithControl() {
        List<Answer> answers = new ArrayList<>();
        // 6 participants per condition, 4 items per phase. Heatmap: pre 2/4, post 4/4. None: pre 2/4, post 2/4.
        for (int p = 0; p < 6; p++) {
            for (int i = 0; i < 4; i++) {
                answers.add(sim("h" + p, "heatmap", "pre", "i" + i, i < 2));
                answers.add(sim("h" + p, "heatmap", "post", "j" + i, true));
                answers.add(sim("n" + p, "none", "pre", "i" + i, i < 2));
                answers.add(sim("n" + p, "none", "post", "j" + i, i < 2));
            }
        }
        AnalysisResult r = StudyAnalyzer.analyze(answers, List.of(), PARAMS, "none");
        Effect effect = r.prePost().stream().filter(e -> e.condition().equals("heatmap") && e.subset().equals("all"))
                .findFirst().orElseThrow();
        assertEquals(0.5, effect.effect(), 1e-12);
        Comparison post = r.versusControl().stream().filter(c -> c.phase().equals("post")).findFirst().orElseThrow();
        assertEquals(0.5, post.difference(), 1e-12);
        assertEquals("label-permutation", post.test());
        // all 12 participants' post accuracies are 1 (heatmap) or 0.5 (none): only the observed split and its
        // mirror reach |diff| = 0.5, 2 of C(12,6) = 924 label arrangements, so p ≈ 2/924 ≈ 0.0022.
        assertTrue(post.permutationP() < 0.01, "p = " + post.permutationP());
        Comparison prePost = r.versusControl().stream().filter(c -> c.phase().equals("post-pre")).findFirst()
                .orElseThrow();
        assertEquals(0.5, prePost.difference(), 1e-12);
        Comparison pre = r.versusControl().stream().filter(c -> c.phase().equals("pre")).findFirst().orElseThrow();
        assertEquals(0.0, pre.difference(), 1e-12);
        assertEquals(1.0, pre.permutationP(), 1e-12);
    }

    @Test
    void permutationTestIsReproducibleWithItsSeed() {
        List<Answer> answers = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            for (int i = 0; i < 5; i++) {
                answers.add(sim("h" + p, "heatmap", "main", "i" + i, (p + i) % 3 != 0));
                answers.add(sim("n" + p, "none", "main", "i" + i, (p * i) % 2 == 0));
            }
        }
        Comparison a = StudyAnalyzer.analyze(answers, List.of(), PARAMS, "none").versusControl().get(0);
        Comparison b = StudyAnalyzer.analyze(answers, List.of(), PARAMS, "none").versusControl().get(0);
        Comparison c = StudyAnalyzer.analyze(answers, List.of(), PARAMS.withSeed(7), "none").versusControl().get(0);
        assertEquals(a, b);
        assertNotEquals(a.permutationP(), c.permutationP());
        assertEquals("none", a.control());
    }
}
