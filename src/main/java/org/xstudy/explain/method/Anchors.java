package org.xstudy.explain.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.xstudy.explain.ExplanationService;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.Word;
import org.xstudy.model.WordMaskClassifier;

/**
 * Anchors for text: the smallest set of words (the anchor) such that, whatever happens to the other words, the
 * model predicts the target class with precision at least {@code threshold}. Perturbations keep the anchor's words
 * and mask every other word independently with probability 1/2 (the reference implementation's "UNK distribution"):
 * {@code mask = unk} replaces it with the token {@code UNK}, {@code mask = remove} cuts it out as every perturbation
 * method does. Precision is the share of perturbations the model still gives the target class (its top class);
 * coverage, the share of perturbations in which the anchor holds, is exactly {@code 2^−|anchor|} under this
 * distribution.
 *
 * <p>The search is the paper's beam search: anchors grow one word at a time; at each size the {@code beamSize} best
 * candidates are picked by the KL-LUCB bandit (samples drawn {@code batchSize} at a time until the best and the
 * rest are told apart to {@code epsilon} with confidence {@code 1 − delta}); the first candidate whose precision
 * is, with that confidence, at least {@code threshold} (to the reference's {@code epsilon_stop} of 0.05) is the
 * anchor, otherwise the most precise one found. Defaults are those of the reference implementation's text
 * explainer ({@code threshold 0.95, delta 0.1, tau 0.15, batch_size 10, beam_size 4}). At most {@code maxSamples}
 * model evaluations are spent (and at most 50 times as many perturbations drawn).
 *
 * <p>Word scores are 1 for the anchor's words and 0 otherwise; diagnostics carry {@code precision},
 * {@code coverage}, {@code anchorSize}, {@code meetsThreshold} (1 or 0), {@code samples} (perturbations drawn) and
 * {@code modelEvaluations} (distinct perturbations sent to the model: a repeated one is labelled from memory). {@link AnchorRule}
 * states the rule in words.
 *
 * <p>Ribeiro, Singh and Guestrin, "Anchors: High-Precision Model-Agnostic Explanations", AAAI 2018.
 */
public class Anchors extends PerturbationMethod {

    /** What a masked word becomes with {@code mask = unk} (the reference implementation's mask string). */
    public static final String UNK = "UNK";
    static final double EPSILON_STOP = 0.05;
    static final int DRAWS_PER_EVALUATION = 50;
    public static final int MAX_SAMPLES = 20_000;

    public Anchors() {
        super("anchors", "Anchors",
                "Ribeiro, Singh, Guestrin. Anchors: High-Precision Model-Agnostic Explanations. AAAI 2018.", true);
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.number("threshold", 0.95, 0.5, 1, "Precision the anchor must reach (tau in the paper)."),
                ParamSpec.number("delta", 0.1, 0.001, 0.5, "The bandit's error probability."),
                ParamSpec.number("epsilon", 0.15, 0.01, 0.5, "The bandit's tolerance between candidates."),
                ParamSpec.integer("batchSize", 10, 1, 1000, "Perturbations drawn at a time."),
                ParamSpec.integer("beamSize", 4, 1, 20, "Candidates kept per anchor size."),
                ParamSpec.choice("mask", "unk", List.of("unk", "remove"),
                        "A masked word is replaced by UNK or removed."),
                ParamSpec.integer("maxSamples", 5000, 100, MAX_SAMPLES, "Most model evaluations spent."),
                ParamSpec.seed());
    }

    @Override
    public Attribution attribute(TextClassifier model, String text, int target, Params params) {
        Search search = new Search(model, text, target, params);
        Search.Result r = search.run();
        double[] scores = new double[search.words.size()];
        for (int i = r.anchor().nextSetBit(0); i >= 0; i = r.anchor().nextSetBit(i + 1)) {
            scores[i] = 1;
        }
        Map<String, Double> diag = new LinkedHashMap<>();
        diag.put("precision", r.precision());
        diag.put("coverage", Math.pow(0.5, r.anchor().cardinality()));
        diag.put("anchorSize", (double) r.anchor().cardinality());
        diag.put("meetsThreshold", r.meets() ? 1.0 : 0.0);
        diag.put("samples", (double) search.draws);
        diag.put("modelEvaluations", (double) search.spent);
        return new Attribution(WordAggregation.withScores(search.words, scores), params, diag);
    }

    /** One search: the text's words, the perturbation sampler, and the per-anchor counts. */
    private static final class Search {

        record Result(BitSet anchor, double precision, boolean meets) {}

        /** Samples and positives of one candidate anchor. */
        private static final class Arm {
            final BitSet anchor;
            int n;
            int positives;

            Arm(BitSet anchor) {
                this.anchor = anchor;
            }

            double mean() {
                return n == 0 ? 0 : (double) positives / n;
            }
        }

        final TextClassifier model;
        final String text;
        final List<Word> words;
        final int target;
        final double threshold;
        final double delta;
        final double epsilon;
        final int batch;
        final int beam;
        final boolean unk;
        final int budget;
        final Random random;
        final Map<BitSet, Arm> arms = new HashMap<>();
        final Map<BitSet, Boolean> labels = new HashMap<>();
        /** Model evaluations (distinct perturbations; a repeated one is labelled from memory). */
        int spent;
        /** Perturbations drawn, repeats included: at most {@link #DRAWS_PER_EVALUATION} per allowed evaluation. */
        long draws;

        Search(TextClassifier model, String text, int target, Params params) {
            this.model = model;
            this.text = text;
            this.words = model.words(text);
            this.target = target;
            this.threshold = params.getDouble("threshold");
            this.delta = params.getDouble("delta");
            this.epsilon = params.getDouble("epsilon");
            this.batch = params.getInt("batchSize");
            this.beam = params.getInt("beamSize");
            this.unk = "unk".equals(params.getString("mask"));
            this.budget = params.getInt("maxSamples");
            this.random = new Random(params.getLong("seed"));
        }

        Result run() {
            int n = words.size();
            double level = Math.log(1 / (delta / (1 + (beam - 1) * n)));
            // the empty anchor first: a prediction that no masking changes needs no words
            Arm empty = arm(new BitSet());
            sample(empty, batch);
            while (open() && undecided(empty, level)) {
                sample(empty, batch);
            }
            if (n == 0 || accepted(empty, level)) {
                return new Result(empty.anchor, empty.mean(), accepted(empty, level));
            }
            List<Arm> previous = List.of(empty);
            Arm best = empty;
            for (int size = 1; size <= n && open(); size++) {
                List<Arm> candidates = extend(previous, n);
                if (candidates.isEmpty()) {
                    break;
                }
                List<Arm> chosen = lucb(candidates, Math.min(beam, candidates.size()));
                for (Arm a : chosen) {
                    while (open() && undecided(a, level)) {
                        sample(a, batch);
                    }
                    if (accepted(a, level)) {
                        return new Result(a.anchor, a.mean(), true);
                    }
                    if (a.mean() > best.mean()) {
                        best = a;
                    }
                }
                previous = chosen;
            }
            return new Result(best.anchor, best.mean(), false);
        }

        /** Whether the budget allows more samples: model evaluations and draws. */
        private boolean open() {
            return spent < budget && draws < (long) budget * DRAWS_PER_EVALUATION;
        }

        /** Precision at least the threshold, with confidence 1 − delta (to the stopping tolerance). */
        private boolean accepted(Arm a, double level) {
            return a.mean() >= threshold && lower(a, level) > threshold - EPSILON_STOP;
        }

        private boolean undecided(Arm a, double level) {
            double mean = a.mean();
            return mean >= threshold && lower(a, level) < threshold - EPSILON_STOP
                    || mean < threshold && KlBounds.upper(mean, level / a.n) >= threshold + EPSILON_STOP;
        }

        private static double lower(Arm a, double level) {
            return KlBounds.lower(a.mean(), level / a.n);
        }

        /** Every anchor one word larger than one of {@code previous}, each once. */
        private List<Arm> extend(List<Arm> previous, int n) {
            Map<BitSet, Arm> out = new LinkedHashMap<>();
            for (Arm p : previous) {
                for (int i = 0; i < n; i++) {
                    if (!p.anchor.get(i)) {
                        BitSet b = (BitSet) p.anchor.clone();
                        b.set(i);
                        out.computeIfAbsent(b, this::arm);
                    }
                }
            }
            return new ArrayList<>(out.values());
        }

        private Arm arm(BitSet anchor) {
            return arms.computeIfAbsent(anchor, Arm::new);
        }

        /** KL-LUCB: the {@code top} arms of highest precision, told apart from the rest to epsilon. */
        private List<Arm> lucb(List<Arm> arms, int top) {
            for (Arm a : arms) {
                if (a.n == 0) {
                    sample(a, 1);
                }
            }
            if (arms.size() == top) {
                return arms;
            }
            int k = arms.size();
            double[] ub = new double[k];
            double[] lb = new double[k];
            int t = 1;
            while (open()) {
                Integer[] order = new Integer[k];
                for (int i = 0; i < k; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (x, y) -> Double.compare(arms.get(y).mean(), arms.get(x).mean()));
                double beta = KlBounds.beta(k, t, delta);
                int ut = -1;
                int lt = -1;
                for (int r = 0; r < k; r++) {
                    Arm a = arms.get(order[r]);
                    if (r < top) {
                        lb[order[r]] = KlBounds.lower(a.mean(), beta / a.n);
                        if (lt < 0 || lb[order[r]] < lb[lt]) {
                            lt = order[r];
                        }
                    } else {
                        ub[order[r]] = KlBounds.upper(a.mean(), beta / a.n);
                        if (ut < 0 || ub[order[r]] > ub[ut]) {
                            ut = order[r];
                        }
                    }
                }
                if (ub[ut] - lb[lt] <= epsilon) {
                    List<Arm> out = new ArrayList<>(top);
                    for (int r = 0; r < top; r++) {
                        out.add(arms.get(order[r]));
                    }
                    return out;
                }
                sample(arms.get(ut), batch);
                sample(arms.get(lt), batch);
                t++;
            }
            List<Arm> sorted = new ArrayList<>(arms);
            sorted.sort((x, y) -> Double.compare(y.mean(), x.mean()));
            return sorted.subList(0, top);
        }

        /** Draws {@code count} perturbations that keep the anchor and counts those the model gives the target. */
        private void sample(Arm arm, int count) {
            int n = words.size();
            List<BitSet> masks = new ArrayList<>(count);
            List<BitSet> unknown = new ArrayList<>();
            for (int s = 0; s < count; s++) {
                BitSet keep = (BitSet) arm.anchor.clone();
                for (int i = 0; i < n; i++) {
                    if (!arm.anchor.get(i) && random.nextBoolean()) {
                        keep.set(i);
                    }
                }
                masks.add(keep);
                if (!labels.containsKey(keep) && !unknown.contains(keep)) {
                    unknown.add(keep);
                }
            }
            label(unknown);
            spent += unknown.size();
            draws += count;
            for (BitSet keep : masks) {
                arm.n++;
                if (labels.get(keep)) {
                    arm.positives++;
                }
            }
        }

        /** Whether the model's top class is the target on each perturbation, in one batched call. */
        private void label(List<BitSet> keeps) {
            if (keeps.isEmpty()) {
                return;
            }
            double[][] proba;
            if (!unk && model instanceof WordMaskClassifier masking) {
                proba = masking.predictProbaKeeping(text, keeps.stream().map(this::flags).toList());
            } else {
                proba = model.predictProba(keeps.stream().map(this::perturbed).toList());
            }
            for (int i = 0; i < keeps.size(); i++) {
                labels.put(keeps.get(i), ExplanationService.argmax(proba[i]) == target);
            }
        }

        private boolean[] flags(BitSet keep) {
            boolean[] k = new boolean[words.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = keep.get(i);
            }
            return k;
        }

        private String perturbed(BitSet keep) {
            if (!unk) {
                return WordRemoval.keep(text, words, flags(keep));
            }
            StringBuilder out = new StringBuilder(text.length());
            int at = 0;
            for (int i = 0; i < words.size(); i++) {
                Word w = words.get(i);
                out.append(text, at, w.start()).append(keep.get(i) ? w.text() : UNK);
                at = w.end();
            }
            return out.append(text.substring(at)).toString();
        }
    }
}
