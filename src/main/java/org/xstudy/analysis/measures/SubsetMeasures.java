package org.xstudy.analysis.measures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.analysis.AnalysisParams;
import org.xstudy.analysis.AnalysisResult;
import org.xstudy.analysis.AnalysisResult.AccuracyCell;
import org.xstudy.analysis.AnalysisResult.RatingSummary;
import org.xstudy.analysis.Answer;
import org.xstudy.analysis.ItemSubset;

/**
 * Accuracy cells and rating summaries on requested subsets ({@link ItemSubset}): each subset's answers are
 * analysed like the whole study and the resulting {@code all} breakdowns are labelled with the subset. A simulation
 * answer is in a subset by itself; a rating is in it when its item is (covariates) or when the participant's last
 * forward trial on its item under its condition is (model and answer subsets; for model subsets the rating's own gold and model output
 * when stored).
 */
public final class SubsetMeasures {

    private final List<AccuracyCell> accuracy = new ArrayList<>();
    private final List<RatingSummary> ratings = new ArrayList<>();

    public SubsetMeasures(List<Answer> answers, List<ItemSubset> subsets, AnalysisParams params) {
        Map<String, Answer> trials = new HashMap<>();
        answers.stream().filter(a -> a.kind() == Answer.Kind.FORWARD).forEach(a -> trials.merge(key(a), a,
                (x, y) -> y.trialPosition() >= x.trialPosition() ? y : x));
        for (ItemSubset subset : subsets) {
            List<Answer> kept = answers.stream().filter(a -> keeps(subset, a, trials)).toList();
            new SimulationMeasures(kept, params).accuracy().stream().filter(c -> AnalysisResult.ALL.equals(c.subset()))
                    .forEach(c -> accuracy.add(new AccuracyCell(c.kind(), c.condition(), c.phase(), subset.label(),
                            c.participants(), c.answers(), c.correct(), c.pooled(), c.pooledCi(), c.macro(),
                            c.macroCi())));
            new RatingMeasures(kept, params).summaries().stream()
                    .filter(r -> AnalysisResult.ALL.equals(r.subset()) && r.item() == null)
                    .forEach(r -> ratings.add(new RatingSummary(r.scale(), r.condition(), subset.label(), null, r.n(),
                            r.mean(), r.median(), r.distribution(), r.participants(), r.participantMean(),
                            r.participantMeanInterval())));
        }
    }

    private static String key(Answer a) {
        return RatingMeasures.trialKey(a);
    }

    private static boolean keeps(ItemSubset subset, Answer a, Map<String, Answer> trials) {
        if (a.isSimulation()) {
            return subset.contains(a);
        }
        if (a.kind() != Answer.Kind.RATING || a.itemKey() == null) {
            return false;
        }
        if (subset.rule() == ItemSubset.Rule.ITEMS || !subset.byAnswer() && a.modelCorrect() != null) {
            return subset.contains(a);
        }
        Answer trial = trials.get(key(a));
        return trial != null && subset.contains(trial);
    }

    public List<AccuracyCell> accuracy() {
        return accuracy;
    }

    public List<RatingSummary> ratings() {
        return ratings;
    }
}
