package org.xstudy.analysis;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.xstudy.analysis.stats.Correlation;
import org.xstudy.analysis.stats.Interval;
import org.xstudy.analysis.stats.KruskalWallis;
import org.xstudy.analysis.stats.MannWhitney;

/** All measures of one analysis of one set of participants (with or without exclusions). */
public record AnalysisResult(int participants, int answers, Map<String, Integer> participantsPerCondition,
                             List<AccuracyCell> simulation, List<Effect> prePost, List<Comparison> versusControl,
                             List<ItemAccuracy> perItem, List<RatingSummary> ratings, List<RatingTest> ratingTests,
                             List<AgreementCell> agreement, List<RatingAccuracy> ratingVsAccuracy,
                             List<HumanVsAutomatic> humanVsAutomatic) {

    /** Subset of answers a breakdown keeps. */
    public static final String ALL = "all";

    /**
     * Simulation accuracy of one kind (forward or counterfactual), condition, phase and subset.
     *
     * @param pooled correct / answers, with its Wilson interval
     * @param macro mean over participants of their accuracy, with its two-way cluster bootstrap interval; the JSON
     *     also names it {@code participantMean} (with {@code participantMeanCi}), as rating cells do
     */
    public record AccuracyCell(String kind, String condition, String phase, String subset, int participants,
                               int answers, int correct, double pooled, Interval pooledCi, double macro,
                               Interval macroCi) {

        /** The mean over participants of each one's accuracy in the cell (the same figure as {@code macro}). */
        @JsonProperty("participantMean")
        public double participantMean() {
            return macro;
        }

        /** The two-way cluster bootstrap interval of {@link #participantMean()}. */
        @JsonProperty("participantMeanCi")
        public Interval participantMeanCi() {
            return macroCi;
        }
    }

    /** Post − pre macro accuracy of one condition, with its bootstrap interval. */
    public record Effect(String kind, String condition, String subset, double pre, double post, double effect,
                         Interval ci) {
    }

    /**
     * A condition against the control: difference of macro accuracies (or of pre/post effects when phase is
     * {@code post-pre}), bootstrap interval, and permutation p-value.
     *
     * @param test {@code label-permutation} (between subjects) or {@code sign-flip} (within subjects)
     */
    public record Comparison(String kind, String phase, String condition, String control, double difference,
                             Interval ci, double permutationP, String test, long seed) {
    }

    /** Pooled simulation accuracy on one item. */
    public record ItemAccuracy(String kind, String condition, String phase, String item, int answers, int correct,
                               double accuracy, Interval ci) {
    }

    /**
     * Ratings of one scale in one condition and subset (item set for per-item rows): {@code mean} (also named
     * {@code pooledMean}) pools every rating ({@code n} of them); {@code participantMean} is the mean over the
     * cell's {@code participants} of each one's mean rating (as Feldhus et al. 2023 report), with a percentile
     * bootstrap interval over participants ({@code participantMeanInterval}, also named {@code participantMeanCi};
     * null for per-item cells, where each participant rates once).
     */
    public record RatingSummary(String scale, String condition, String subset, String item, int n, double mean,
                                double median, Map<Integer, Long> distribution, int participants,
                                double participantMean, org.xstudy.analysis.stats.Interval participantMeanInterval) {

        /** The mean of all ratings of the cell, each rating counting once (the same figure as {@code mean}). */
        @JsonProperty("pooledMean")
        public double pooledMean() {
            return mean;
        }

        /** The bootstrap interval of {@code participantMean}, named as accuracy cells name theirs. */
        @JsonProperty("participantMeanCi")
        public Interval participantMeanCi() {
            return participantMeanInterval;
        }
    }

    /** Rank tests on participants' mean ratings: Kruskal-Wallis across conditions and pairwise Mann-Whitney. */
    public record RatingTest(String scale, String subset, KruskalWallis.Result kruskalWallis, List<Pair> pairs) {
    }

    /** Mann-Whitney U of condition a against condition b. */
    public record Pair(String a, String b, MannWhitney.Result mannWhitney) {
    }

    /** Agreement between participants on the same items. */
    public record AgreementCell(String measure, String condition, String phase, int items, int pairableItems,
                                int values, double fleissKappa, double krippendorffAlpha, String alphaLevel) {
    }

    /** Spearman correlation of participants' mean rating with their simulation accuracy. */
    public record RatingAccuracy(String condition, String scale, Correlation.Result spearman) {
    }

    /** Per-item human simulation accuracy against an automatic faithfulness score. */
    public record HumanVsAutomatic(String method, String metric, int items, Correlation.Result pearson,
                                   Correlation.Result spearman, List<Point> points) {
    }

    /** One item in the human-vs-automatic scatter. */
    public record Point(String item, double human, double automatic) {
    }
}
