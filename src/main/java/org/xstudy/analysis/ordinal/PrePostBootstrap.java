package org.xstudy.analysis.ordinal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.xstudy.analysis.Answer;
import org.xstudy.analysis.stats.Interval;
import org.xstudy.analysis.stats.Quantiles;

/**
 * The Hase and Bansal (2020, "Evaluating Explainable AI: Which Algorithmic Explanations Help Users Predict Model
 * Behavior?", ACL) estimate of an explanation's effect on simulatability: per condition, the change in simulation
 * accuracy from the pre-test to the post-test (accuracy over all the condition's answers of a phase), and, when the
 * study has a control, each condition's change minus the control's.
 *
 * <p>Its interval is their two-stage bootstrap, written from the paper's description: each resample first draws the
 * condition's participants with replacement, then draws with replacement from the items those drawn participants
 * answered; an answer counts as often as its participant was drawn times as often as its item was drawn, so a
 * participant's pre and post answers to one item stay together. Conditions are resampled independently (they are
 * different participants). The interval is the percentile interval of the resampled changes. Resample b uses its own
 * generator seeded from a master generator seeded with the seed, so results are reproducible.
 */
public final class PrePostBootstrap {

    /**
     * One condition's (or one difference's) estimate.
     *
     * @param pre accuracy in the pre-test (null for a difference)
     * @param change post minus pre accuracy (or the difference of two changes)
     * @param interval percentile interval of the resampled values
     */
    public record Estimate(String condition, int participants, int items, int answers, Double pre, Double post,
                           double change, Interval interval) {
    }

    /** Every condition's change and, with a control, every other condition's change minus the control's. */
    public record Result(List<Estimate> changes, String control, List<Estimate> versusControl, int resamples,
                         long seed, double confidence) {
    }

    private PrePostBootstrap() {
    }

    /** Estimates from the pre and post simulation answers of each condition in {@code conditions}. */
    public static Result estimate(List<Answer> answers, List<String> conditions, String control, int resamples,
                                  long seed, double confidence) {
        List<Cell> cells = new ArrayList<>();
        for (String c : conditions) {
            Cell cell = Cell.of(answers.stream().filter(a -> c.equals(a.condition())).toList());
            if (cell != null) {
                cells.add(cell);
            }
        }
        SplittableRandom master = new SplittableRandom(seed);
        double[][] reps = new double[cells.size()][resamples];
        for (int b = 0; b < resamples; b++) {
            SplittableRandom rng = new SplittableRandom(master.nextLong());
            for (int c = 0; c < cells.size(); c++) {
                reps[c][b] = cells.get(c).resample(rng);
            }
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Estimate> changes = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            Cell cell = cells.get(c);
            index.put(cell.condition, c);
            changes.add(new Estimate(cell.condition, cell.participants, cell.items, cell.phase.length, cell.pre,
                    cell.post, cell.post - cell.pre, Quantiles.percentileInterval(reps[c], confidence)));
        }
        List<Estimate> versus = new ArrayList<>();
        Integer k = control == null ? null : index.get(control);
        if (k != null) {
            for (int c = 0; c < cells.size(); c++) {
                if (c == k) {
                    continue;
                }
                double[] diff = new double[resamples];
                for (int b = 0; b < resamples; b++) {
                    diff[b] = reps[c][b] - reps[k][b];
                }
                Estimate e = changes.get(c);
                versus.add(new Estimate(e.condition(), e.participants(), e.items(), e.answers(), null, null,
                        e.change() - changes.get(k).change(), Quantiles.percentileInterval(diff, confidence)));
            }
        }
        return new Result(changes, k == null ? null : control, versus, resamples, seed, confidence);
    }

    /** The pre and post simulation answers of one condition, as indices. */
    private static final class Cell {
        String condition;
        int participants;
        int items;
        int[] participant;
        int[] item;
        boolean[] phase;
        boolean[] correct;
        double pre;
        double post;
        /** Answers of participant p are byParticipant[p]. */
        int[][] byParticipant;

        static Cell of(List<Answer> all) {
            List<Answer> rows = all.stream().filter(a -> a.isSimulation() && a.itemKey() != null
                    && (Answer.PRE.equals(a.phase()) || Answer.POST.equals(a.phase()))).toList();
            if (rows.stream().noneMatch(a -> Answer.PRE.equals(a.phase()))
                    || rows.stream().noneMatch(a -> Answer.POST.equals(a.phase()))) {
                return null;
            }
            Cell c = new Cell();
            c.condition = rows.get(0).condition();
            Map<String, Integer> ps = new LinkedHashMap<>();
            Map<String, Integer> is = new LinkedHashMap<>();
            int n = rows.size();
            c.participant = new int[n];
            c.item = new int[n];
            c.phase = new boolean[n];
            c.correct = new boolean[n];
            for (int a = 0; a < n; a++) {
                Answer r = rows.get(a);
                c.participant[a] = ps.computeIfAbsent(r.participantId(), x -> ps.size());
                c.item[a] = is.computeIfAbsent(r.itemKey(), x -> is.size());
                c.phase[a] = Answer.POST.equals(r.phase());
                c.correct[a] = r.simulationCorrect();
            }
            c.participants = ps.size();
            c.items = is.size();
            int[] count = new int[c.participants];
            for (int p : c.participant) {
                count[p]++;
            }
            c.byParticipant = new int[c.participants][];
            for (int p = 0; p < c.participants; p++) {
                c.byParticipant[p] = new int[count[p]];
            }
            int[] fill = new int[c.participants];
            for (int a = 0; a < n; a++) {
                c.byParticipant[c.participant[a]][fill[c.participant[a]]++] = a;
            }
            int[] wp = new int[c.participants];
            int[] wi = new int[c.items];
            Arrays.fill(wp, 1);
            Arrays.fill(wi, 1);
            double[] acc = c.accuracies(wp, wi);
            c.pre = acc[0];
            c.post = acc[1];
            return c;
        }

        /** One two-stage resample's change (NaN if a phase is empty in it). */
        double resample(SplittableRandom rng) {
            int[] wp = new int[participants];
            for (int j = 0; j < participants; j++) {
                wp[rng.nextInt(participants)]++;
            }
            boolean[] seen = new boolean[items];
            for (int p = 0; p < participants; p++) {
                if (wp[p] > 0) {
                    for (int a : byParticipant[p]) {
                        seen[item[a]] = true;
                    }
                }
            }
            int[] pool = new int[items];
            int m = 0;
            for (int i = 0; i < items; i++) {
                if (seen[i]) {
                    pool[m++] = i;
                }
            }
            int[] wi = new int[items];
            for (int j = 0; j < m; j++) {
                wi[pool[rng.nextInt(m)]]++;
            }
            double[] acc = accuracies(wp, wi);
            return acc[1] - acc[0];
        }

        /** Weighted accuracy in pre [0] and post [1]. */
        double[] accuracies(int[] wp, int[] wi) {
            double[] right = new double[2];
            double[] all = new double[2];
            for (int p = 0; p < participants; p++) {
                if (wp[p] == 0) {
                    continue;
                }
                for (int a : byParticipant[p]) {
                    double w = (double) wp[p] * wi[item[a]];
                    int ph = phase[a] ? 1 : 0;
                    all[ph] += w;
                    if (correct[a]) {
                        right[ph] += w;
                    }
                }
            }
            return new double[] {right[0] / all[0], right[1] / all[1]};
        }
    }
}
