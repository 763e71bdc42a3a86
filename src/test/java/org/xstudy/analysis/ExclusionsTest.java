package org.xstudy.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xstudy.analysis.Answer.Kind;

/** Exclusion rules on a constructed study: who is excluded, why, and how the analysis changes. */
class ExclusionsTest {

    private static Answer sim(String p, boolean correct, long ms) {
        return Answer.simulation(p, "heatmap", "main", "i" + ms, Kind.FORWARD, correct ? "pos" : "neg", "pos", "pos",
                ms);
    }

    private static Answer attention(String p, String chosen) {
        return new Answer(p, "heatmap", "main", "att", 0, Kind.ATTENTION, chosen, null, "blue", null, null, 4000L);
    }

    /**
     * ok: 4/4 correct, slow, passes the check. att: 0/4, fails the check. fast: 0/4, median 400 ms.
     * quit: 0/4, incomplete. manual: 0/4, excluded by hand.
     */
    static StudyData study(ExclusionRules rules) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(sim("ok", true, 3000 + i));
            answers.add(sim("att", false, 3000 + i));
            answers.add(sim("fast", false, 400 + i));
            answers.add(sim("quit", false, 3000 + i));
            answers.add(sim("manual", false, 3000 + i));
        }
        answers.add(attention("ok", "blue"));
        answers.add(attention("att", "red"));
        List<Participant> participants = List.of(new Participant("ok", "heatmap", true),
                new Participant("att", "heatmap", true), new Participant("fast", "heatmap", true),
                new Participant("quit", "heatmap", false), new Participant("manual", "heatmap", true));
        return new StudyData("demo", participants, answers, rules,
                List.of(new Exclusion("manual", Exclusion.Rule.MANUAL, "reported technical problems")), List.of(),
                null);
    }

    @Test
    void eachRuleExcludesExactlyItsParticipant() {
        AnalysisReport report = StudyAnalyzer.analyze(study(new ExclusionRules(0, 1000L, true, null)),
                AnalysisParams.defaults().withResamples(100));
        Map<String, Exclusion.Rule> rules = report.exclusions().stream()
                .collect(Collectors.toMap(Exclusion::participantId, Exclusion::rule));
        assertEquals(Map.of("att", Exclusion.Rule.ATTENTION_CHECK, "fast", Exclusion.Rule.TOO_FAST,
                "quit", Exclusion.Rule.INCOMPLETE, "manual", Exclusion.Rule.MANUAL), rules);
        assertEquals("median response time 402 ms < 1000 ms", report.exclusions().stream()
                .filter(e -> e.participantId().equals("fast")).findFirst().orElseThrow().reason());

        AnalysisResult.AccuracyCell all = SimulationAccuracyTest.cell(report.withoutExclusions(), "forward",
                "heatmap", "main", "all");
        AnalysisResult.AccuracyCell kept = SimulationAccuracyTest.cell(report.withExclusions(), "forward",
                "heatmap", "main", "all");
        assertEquals(5, report.withoutExclusions().participants());
        assertEquals(4.0 / 20, all.pooled(), 1e-12);
        assertEquals(1.0 / 5, all.macro(), 1e-12);
        assertEquals(1, report.withExclusions().participants());
        assertEquals(1.0, kept.pooled(), 1e-12);
        assertEquals(1.0, kept.macro(), 1e-12);
    }

    @Test
    void rulesThatAreOffExcludeNobodyButManualExclusionsStay() {
        AnalysisReport report = StudyAnalyzer.analyze(study(ExclusionRules.none()),
                AnalysisParams.defaults().withResamples(100));
        assertEquals(List.of("manual"), report.exclusions().stream().map(Exclusion::participantId).toList());
        assertEquals(4, report.withExclusions().participants());
        assertEquals(1.0 / 4, SimulationAccuracyTest.cell(report.withExclusions(), "forward", "heatmap", "main",
                "all").macro(), 1e-12);
    }

    @Test
    void attentionThresholdAllowsAFailure() {
        AnalysisReport report = StudyAnalyzer.analyze(study(new ExclusionRules(1, null, false, null)),
                AnalysisParams.defaults().withResamples(100));
        assertEquals(List.of("manual"), report.exclusions().stream().map(Exclusion::participantId).toList());
    }
}
