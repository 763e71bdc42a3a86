package org.xstudy.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xstudy.analysis.Answer.Kind;
import org.xstudy.analysis.AnalysisResult.Comparison;

/**
 * The analysis compares with the condition the study flags as its control, never with one guessed from names, and
 * counts participants per condition by the condition they were in.
 */
class ControlConditionTest {

    private static final AnalysisParams PARAMS = AnalysisParams.defaults().withResamples(50);

    /** Between subjects: 3 participants in each of heatmap, placebo and control; each also consents and debriefs. */
    static StudyData study(String flaggedControl) {
        List<Answer> answers = new ArrayList<>();
        List<Participant> participants = new ArrayList<>();
        String[] conditions = {"heatmap", "placebo", "control"};
        for (int c = 0; c < conditions.length; c++) {
            for (int p = 0; p < 3; p++) {
                String id = conditions[c] + p;
                participants.add(new Participant(id, conditions[c], true));
                answers.add(other(id, "consent"));
                for (int i = 0; i < 4; i++) {
                    answers.add(SimulationAccuracyTest.sim(id, conditions[c], "main", "i" + i, i <= c));
                }
                answers.add(other(id, "debrief"));
            }
        }
        // assigned to placebo, left after the consent: counted under placebo, not under a made-up condition
        participants.add(new Participant("left", "placebo", false));
        answers.add(other("left", "consent"));
        return new StudyData("s", participants, answers, ExclusionRules.none(), List.of(), List.of(), flaggedControl);
    }

    private static Answer other(String participant, String phase) {
        return new Answer(participant, null, phase, null, 0, Kind.OTHER, "yes", null, null, null, null, 3000L);
    }

    @Test
    void comparesWithTheFlaggedControlAndSaysSo() {
        AnalysisReport report = StudyAnalyzer.analyze(study("control"), PARAMS);
        assertEquals("control", report.control());
        assertTrue(report.baseline().contains("'control'") && report.baseline().contains("\"control\": true"),
                report.baseline());
        List<Comparison> comparisons = report.withExclusions().versusControl();
        assertEquals(Set.of("heatmap", "placebo"), comparisons.stream().map(Comparison::condition)
                .collect(Collectors.toSet()));
        assertTrue(comparisons.stream().allMatch(c -> c.control().equals("control")), comparisons.toString());
        // control answers 3 of 4 right, heatmap 1 of 4
        Comparison heatmap = comparisons.stream().filter(c -> c.condition().equals("heatmap")).findFirst()
                .orElseThrow();
        assertEquals(0.25 - 0.75, heatmap.difference(), 1e-12);
    }

    @Test
    void withoutAFlaggedControlNothingIsComparedAndTheReportSaysSo() {
        StudyData data = study(null);
        AnalysisReport report = StudyAnalyzer.analyze(data, PARAMS);
        assertNull(report.control(), "no condition is taken for the control by its name (placebo, none)");
        assertEquals(List.of(), report.withExclusions().versusControl());
        assertEquals(List.of(), report.withoutExclusions().versusControl());
        assertTrue(report.baseline().startsWith("No condition is flagged"), report.baseline());

        List<Answer> named = data.answers().stream().map(a -> a.condition() == null || !a.condition().equals("control")
                ? a : new Answer(a.participantId(), "none", a.phase(), a.itemKey(), 0, a.kind(), a.guess(),
                a.modelOutput(), a.goldLabel(), null, null, a.responseTimeMs())).toList();
        assertEquals(List.of(), StudyAnalyzer.analyze(named, List.of(), PARAMS, null).versusControl(),
                "a condition named none is not a control either");
    }

    @Test
    void aControlChosenForTheRunOverridesTheFlagAndIsNamed() {
        AnalysisReport report = StudyAnalyzer.analyze(study("control"), PARAMS.withControl("placebo"));
        assertEquals("placebo", report.control());
        assertTrue(report.baseline().contains("'placebo'") && report.baseline().contains("control parameter"),
                report.baseline());
        assertTrue(report.withExclusions().versusControl().stream().allMatch(c -> c.control().equals("placebo")));
    }

    @Test
    void participantsPerConditionCountsParticipantsByTheirConditionNotTheirConsentAnswers() {
        AnalysisReport report = StudyAnalyzer.analyze(study("control"), PARAMS);
        assertEquals(Map.of("heatmap", 3, "placebo", 4, "control", 3),
                report.withoutExclusions().participantsPerCondition());
        assertEquals(10, report.withoutExclusions().participants());
        assertEquals(Map.of("heatmap", 3, "placebo", 3, "control", 3),
                StudyAnalyzer.analyze(study("control").answers(), List.of(), PARAMS, "control")
                        .participantsPerCondition(), "without assignments: by the conditions of their trials");
    }
}
