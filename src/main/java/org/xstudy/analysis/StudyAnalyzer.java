package org.xstudy.analysis;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.xstudy.analysis.measures.AgreementMeasures;
import org.xstudy.analysis.measures.HumanVsAutomaticMeasures;
import org.xstudy.analysis.measures.RatingMeasures;
import org.xstudy.analysis.measures.SimulationMeasures;
import org.xstudy.analysis.measures.SubsetMeasures;

/** Runs the full analysis of a study, once over everyone and once after the exclusion rules. */
public final class StudyAnalyzer {

    public static final String MAIN_PHASE = "main";

    private StudyAnalyzer() {
    }

    public static AnalysisReport analyze(StudyData data, AnalysisParams params) {
        return analyze(data, Exclusions.decide(data.rules(), data.participants(), data.answers(),
                data.manualExclusions()), params);
    }

    /**
     * The analysis with exclusion decisions already taken (e.g. stored ones). The control is the one in
     * {@code params} if given, else the study's flagged one ({@link StudyData#control()}), else there is none.
     */
    public static AnalysisReport analyze(StudyData data, List<Exclusion> decisions, AnalysisParams params) {
        return analyze(data, decisions, params, List.of());
    }

    /** As {@link #analyze(StudyData, List, AnalysisParams)}, also reporting on the given subsets. */
    public static AnalysisReport analyze(StudyData data, List<Exclusion> decisions, AnalysisParams params,
                                         List<ItemSubset> subsets) {
        Set<String> excluded = Exclusions.excludedIds(decisions);
        String control = params.control() != null ? params.control() : data.control();
        Map<String, String> assigned = new HashMap<>();
        data.participants().stream().filter(p -> p.condition() != null)
                .forEach(p -> assigned.put(p.id(), p.condition()));
        List<Answer> kept = data.answers().stream().filter(a -> !excluded.contains(a.participantId())).toList();
        return new AnalysisReport(data.studySlug(), Instant.now().toString(), params, control,
                baseline(control, params.control() != null), data.rules(), decisions,
                analyze(data.answers(), assigned, data.faithfulness(), params, control, subsets),
                analyze(kept, assigned, data.faithfulness(), params, control, subsets));
    }

    /** One analysis of the given answers against {@code control} (null: no control comparisons). */
    public static AnalysisResult analyze(List<Answer> answers, List<FaithfulnessScore> faithfulness,
                                         AnalysisParams params, String control) {
        return analyze(answers, faithfulness, params, control, List.of());
    }

    /** As {@link #analyze(List, List, AnalysisParams, String)}, also reporting on the given subsets. */
    public static AnalysisResult analyze(List<Answer> answers, List<FaithfulnessScore> faithfulness,
                                         AnalysisParams params, String control, List<ItemSubset> subsets) {
        return analyze(answers, Map.of(), faithfulness, params, control, subsets);
    }

    private static AnalysisResult analyze(List<Answer> raw, Map<String, String> assigned,
                                          List<FaithfulnessScore> faithfulness, AnalysisParams params,
                                          String control, List<ItemSubset> subsets) {
        List<Answer> answers = raw.stream().map(StudyAnalyzer::normalised).toList();
        SimulationMeasures simulation = new SimulationMeasures(answers, params);
        RatingMeasures ratings = new RatingMeasures(answers, params);
        SubsetMeasures requested = new SubsetMeasures(answers, subsets, params);
        int participants = (int) answers.stream().map(Answer::participantId).distinct().count();
        return new AnalysisResult(participants, answers.size(), participantsPerCondition(raw, assigned),
                concat(simulation.accuracy(), requested.accuracy()), simulation.prePost(),
                simulation.versusControl(control), simulation.perItem(),
                concat(ratings.summaries(), requested.ratings()), ratings.tests(), AgreementMeasures.compute(answers),
                ratings.ratingVsAccuracy(), HumanVsAutomaticMeasures.compute(answers, faithfulness,
                params.confidence()));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /**
     * Participants per condition: each participant who answered is counted under the condition they were assigned
     * (between subjects, from {@code assigned}) and under every condition they answered a trial in. Answers outside
     * trials (consent, questionnaires, debrief) carry no condition and count nowhere.
     */
    static Map<String, Integer> participantsPerCondition(List<Answer> answers, Map<String, String> assigned) {
        Map<String, Set<String>> byCondition = new TreeMap<>();
        Set<String> answered = new LinkedHashSet<>();
        for (Answer a : answers) {
            answered.add(a.participantId());
            if (a.condition() != null) {
                byCondition.computeIfAbsent(a.condition(), k -> new LinkedHashSet<>()).add(a.participantId());
            }
        }
        answered.stream().filter(assigned::containsKey).forEach(p ->
                byCondition.computeIfAbsent(assigned.get(p), k -> new LinkedHashSet<>()).add(p));
        Map<String, Integer> counts = new TreeMap<>();
        byCondition.forEach((c, ps) -> counts.put(c, ps.size()));
        return counts;
    }

    /** Which condition the comparisons are against, and who said so, in a sentence for the report. */
    static String baseline(String control, boolean chosenInRequest) {
        if (control == null) {
            return "No condition is flagged \"control\": true in the study spec, so no condition is compared with "
                    + "a control.";
        }
        return "Condition '" + control + "' is the control (" + (chosenInRequest ? "chosen with the control parameter"
                : "flagged \"control\": true in the study spec") + "): every other condition is compared with it.";
    }

    private static Answer normalised(Answer a) {
        if (a.condition() != null && a.phase() != null) {
            return a;
        }
        return new Answer(a.participantId(), Objects.toString(a.condition(), "unknown"),
                Objects.toString(a.phase(), MAIN_PHASE), a.itemKey(), a.trialPosition(), a.kind(), a.guess(),
                a.modelOutput(), a.goldLabel(), a.ratingScale(), a.ratingValue(), a.responseTimeMs());
    }
}
