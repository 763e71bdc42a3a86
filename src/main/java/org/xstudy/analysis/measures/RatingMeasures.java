package org.xstudy.analysis.measures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xstudy.analysis.AnalysisParams;
import org.xstudy.analysis.AnalysisResult.Pair;
import org.xstudy.analysis.AnalysisResult.RatingAccuracy;
import org.xstudy.analysis.AnalysisResult.RatingSummary;
import org.xstudy.analysis.AnalysisResult.RatingTest;
import org.xstudy.analysis.Answer;
import org.xstudy.analysis.stats.Correlation;
import org.xstudy.analysis.stats.Interval;
import org.xstudy.analysis.stats.KruskalWallis;
import org.xstudy.analysis.stats.MannWhitney;
import org.xstudy.analysis.stats.PermutationTest;
import org.xstudy.analysis.stats.Quantiles;

/**
 * Ratings per scale and condition: distributions, rank tests on participants' mean ratings, breakdowns by
 * whether the rated trial's simulation and the model were right, and the rating-accuracy correlation.
 */
public final class RatingMeasures {

    public static final String SIM_RIGHT = "sim_right";
    public static final String SIM_WRONG = "sim_wrong";
    private static final String PER_ITEM = "item";

    /** A rating with the subsets it belongs to. */
    private record Rated(Answer answer, List<String> subsets) {
    }

    private final List<Rated> ratings = new ArrayList<>();
    private final List<Answer> forward;
    private final double confidence;
    private final int resamples;
    private final long seed;

    public RatingMeasures(List<Answer> answers, AnalysisParams params) {
        this.confidence = params.confidence();
        this.resamples = params.resamples();
        this.seed = params.seed();
        Map<String, Answer> linked = new HashMap<>();
        forward = answers.stream().filter(a -> a.kind() == Answer.Kind.FORWARD).toList();
        for (Answer a : forward) {
            linked.merge(trialKey(a), a,
                    (x, y) -> y.trialPosition() >= x.trialPosition() ? y : x);
        }
        for (Answer a : answers) {
            if (a.kind() != Answer.Kind.RATING || a.ratingValue() == null) {
                continue;
            }
            List<String> subsets = new ArrayList<>(List.of("all"));
            Answer trial = a.itemKey() == null ? null : linked.get(trialKey(a));
            if (trial != null) {
                subsets.add(trial.simulationCorrect() ? SIM_RIGHT : SIM_WRONG);
            }
            Boolean modelRight = a.modelCorrect() != null ? a.modelCorrect()
                    : trial == null ? null : trial.modelCorrect();
            if (modelRight != null) {
                subsets.add(modelRight ? SimulationMeasures.MODEL_RIGHT : SimulationMeasures.MODEL_WRONG);
            }
            ratings.add(new Rated(a, subsets));
        }
    }

    /**
     * The trial a rating belongs to: the participant's forward answer on the same item under the same condition
     * (an item may be shown to one participant under several conditions), the last one when there are several.
     */
    static String trialKey(Answer a) {
        return a.participantId() + '\u0000' + a.itemKey() + '\u0000' + a.condition();
    }

    /** Summaries per scale, condition and subset, then per item. */
    public List<RatingSummary> summaries() {
        Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
        Map<List<String>, Map<String, double[]>> byParticipant = new HashMap<>();
        for (Rated r : ratings) {
            Answer a = r.answer();
            for (String s : r.subsets()) {
                List<String> key = List.of(a.ratingScale(), a.condition(), s, "");
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(a.ratingValue());
                double[] acc = byParticipant.computeIfAbsent(key, k -> new LinkedHashMap<>())
                        .computeIfAbsent(a.participantId(), k -> new double[2]);
                acc[0] += a.ratingValue();
                acc[1]++;
            }
        }
        for (Rated r : ratings) {
            Answer a = r.answer();
            if (a.itemKey() != null) {
                groups.computeIfAbsent(List.of(a.ratingScale(), a.condition(), PER_ITEM, a.itemKey()),
                        k -> new ArrayList<>()).add(a.ratingValue());
            }
        }
        List<RatingSummary> out = new ArrayList<>();
        groups.forEach((k, values) -> {
            double[] v = values.stream().mapToDouble(Integer::doubleValue).toArray();
            Map<Integer, Long> distribution = new TreeMap<>();
            values.forEach(x -> distribution.merge(x, 1L, Long::sum));
            Map<String, double[]> participants = byParticipant.get(k);
            double[] means = participants == null ? v
                    : participants.values().stream().mapToDouble(acc -> acc[0] / acc[1]).toArray();
            out.add(new RatingSummary(k.get(0), k.get(1), k.get(2), k.get(3).isEmpty() ? null : k.get(3), v.length,
                    PermutationTest.mean(v), Quantiles.median(v), distribution, means.length,
                    PermutationTest.mean(means), participants == null ? null : bootstrap(means, k.hashCode())));
        });
        return out;
    }

    /** Percentile interval of the mean of {@code means}, resampling participants with replacement. */
    private Interval bootstrap(double[] means, long salt) {
        if (resamples <= 0 || means.length < 2) {
            return null;
        }
        java.util.Random random = new java.util.Random(seed ^ salt);
        double[] replicates = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < means.length; i++) {
                sum += means[random.nextInt(means.length)];
            }
            replicates[b] = sum / means.length;
        }
        java.util.Arrays.sort(replicates);
        return Quantiles.percentileInterval(replicates, confidence);
    }

    /** Kruskal-Wallis and pairwise Mann-Whitney on participants' mean ratings, per scale and subset. */
    public List<RatingTest> tests() {
        Map<List<String>, Map<String, Map<String, double[]>>> byScaleSubset = new LinkedHashMap<>();
        for (Rated r : ratings) {
            Answer a = r.answer();
            for (String s : r.subsets()) {
                double[] acc = byScaleSubset.computeIfAbsent(List.of(a.ratingScale(), s), k -> new TreeMap<>())
                        .computeIfAbsent(a.condition(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(a.participantId(), k -> new double[2]);
                acc[0] += a.ratingValue();
                acc[1]++;
            }
        }
        List<RatingTest> out = new ArrayList<>();
        byScaleSubset.forEach((key, conditions) -> {
            Map<String, double[]> means = new LinkedHashMap<>();
            conditions.forEach((c, participants) -> means.put(c,
                    participants.values().stream().mapToDouble(acc -> acc[0] / acc[1]).toArray()));
            List<String> names = new ArrayList<>(means.keySet());
            List<Pair> pairs = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    pairs.add(new Pair(names.get(i), names.get(j),
                            MannWhitney.test(means.get(names.get(i)), means.get(names.get(j)))));
                }
            }
            out.add(new RatingTest(key.get(0), key.get(1), KruskalWallis.test(new ArrayList<>(means.values())),
                    pairs));
        });
        return out;
    }

    /** Spearman of each participant's mean rating with their forward simulation accuracy, per condition. */
    public List<RatingAccuracy> ratingVsAccuracy() {
        Map<String, double[]> accuracy = new HashMap<>();
        for (Answer a : forward) {
            double[] acc = accuracy.computeIfAbsent(a.condition() + '\u0000' + a.participantId(), k -> new double[2]);
            acc[0] += a.simulationCorrect() ? 1 : 0;
            acc[1]++;
        }
        Map<List<String>, Map<String, double[]>> meanRating = new LinkedHashMap<>();
        for (Rated r : ratings) {
            Answer a = r.answer();
            double[] acc = meanRating.computeIfAbsent(List.of(a.condition(), a.ratingScale()), k -> new TreeMap<>())
                    .computeIfAbsent(a.participantId(), k -> new double[2]);
            acc[0] += a.ratingValue();
            acc[1]++;
        }
        List<RatingAccuracy> out = new ArrayList<>();
        meanRating.forEach((k, perParticipant) -> {
            List<double[]> pairs = new ArrayList<>();
            perParticipant.forEach((p, acc) -> {
                double[] sim = accuracy.get(k.get(0) + '\u0000' + p);
                if (sim != null) {
                    pairs.add(new double[] {acc[0] / acc[1], sim[0] / sim[1]});
                }
            });
            double[] x = pairs.stream().mapToDouble(v -> v[0]).toArray();
            double[] y = pairs.stream().mapToDouble(v -> v[1]).toArray();
            out.add(new RatingAccuracy(k.get(0), k.get(1), Correlation.spearman(x, y, confidence)));
        });
        return out;
    }
}
