package org.xstudy.analysis.mixed;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.xstudy.analysis.Answer;

/**
 * The model matrix of {@code correct ~ condition + (1|participant) + (1|item)}, or for a pre/post design
 * {@code correct ~ condition * phase + (1|participant) + (1|item)} on the pre and post answers, built from
 * simulation answers with R's defaults: factors with their levels sorted (by code point, as R sorts in the C
 * locale), treatment coding against the first level, columns named and ordered as {@code model.matrix} names and
 * orders them ({@code (Intercept)}, {@code condition<level>}..., {@code phase<level>},
 * {@code condition<level>:phase<level>}).
 *
 * @param referenceCondition the condition every {@code condition<level>} coefficient is compared with
 * @param referencePhase in a pre/post design {@code post} (R's first level), else null
 */
public record GlmmDesign(GlmmData data, String formula, List<String> conditions, String referenceCondition,
                         String referencePhase) {

    /** The design for the simulation answers among {@code answers} that belong to an item and a condition. */
    public static GlmmDesign of(List<Answer> answers) {
        return of(answers, null);
    }

    /**
     * As {@link #of(List)}, with {@code reference} as the first condition level when it is one of the answers'
     * conditions ({@code relevel(condition, ref = reference)} in R), else R's default.
     */
    public static GlmmDesign of(List<Answer> answers, String reference) {
        List<Answer> rows = answers.stream()
                .filter(a -> a.isSimulation() && a.itemKey() != null && a.condition() != null).toList();
        boolean prePost = rows.stream().anyMatch(a -> Answer.PRE.equals(a.phase()) || Answer.POST.equals(a.phase()));
        if (prePost) {
            rows = rows.stream().filter(a -> Answer.PRE.equals(a.phase()) || Answer.POST.equals(a.phase())).toList();
        }
        List<String> conditions = new ArrayList<>(levels(rows.stream().map(Answer::condition).toList()));
        if (reference != null && conditions.remove(reference)) {
            conditions.add(0, reference);
        }
        List<String> phases = prePost ? levels(rows.stream().map(Answer::phase).toList()) : List.of();
        List<String> participants = levels(rows.stream().map(Answer::participantId).toList());
        List<String> items = levels(rows.stream().map(Answer::itemKey).toList());
        List<String> names = new ArrayList<>();
        names.add("(Intercept)");
        conditions.stream().skip(1).forEach(c -> names.add("condition" + c));
        phases.stream().skip(1).forEach(ph -> names.add("phase" + ph));
        for (String ph : phases.stream().skip(1).toList()) {
            conditions.stream().skip(1).forEach(c -> names.add("condition" + c + ":phase" + ph));
        }
        int n = rows.size();
        int cond = Math.max(0, conditions.size() - 1);
        int ph = Math.max(0, phases.size() - 1);
        double[][] x = new double[names.size()][n];
        int[] y = new int[n];
        int[] participant = new int[n];
        int[] item = new int[n];
        for (int k = 0; k < n; k++) {
            Answer a = rows.get(k);
            y[k] = a.simulationCorrect() ? 1 : 0;
            participant[k] = java.util.Collections.binarySearch(participants, a.participantId());
            item[k] = java.util.Collections.binarySearch(items, a.itemKey());
            x[0][k] = 1;
            int c = conditions.indexOf(a.condition());
            int f = prePost ? phases.indexOf(a.phase()) : 0;
            if (c > 0) {
                x[c][k] = 1;
            }
            if (f > 0) {
                x[cond + f][k] = 1;
            }
            if (c > 0 && f > 0) {
                x[1 + cond + ph + (f - 1) * cond + (c - 1)][k] = 1;
            }
        }
        String fixed = conditions.size() < 2 ? "1" : prePost && phases.size() > 1 ? "condition * phase" : "condition";
        if (conditions.size() < 2 && prePost && phases.size() > 1) {
            fixed = "phase";
        }
        List<Integer> keep = independentColumns(x);
        double[][] kept = keep.stream().map(c -> x[c]).toArray(double[][]::new);
        List<String> keptNames = keep.stream().map(names::get).toList();
        return new GlmmDesign(new GlmmData(y, kept, keptNames, participant, participants, item, items),
                "correct ~ " + fixed + " + (1 | participant) + (1 | item)", List.copyOf(conditions),
                conditions.isEmpty() ? null : conditions.get(0), prePost && !phases.isEmpty() ? phases.get(0) : null);
    }

    /**
     * The columns to keep of a rank-deficient design, as lme4 drops them ("fixed-effect model matrix is rank
     * deficient so dropping N columns"): in order, each column that is not a linear combination of the kept ones
     * before it (relative pivot of XᵀX's Cholesky factor above 1e-7).
     */
    static List<Integer> independentColumns(double[][] x) {
        int p = x.length;
        double[][] g = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int k = 0; k < x[a].length; k++) {
                    s += x[a][k] * x[b][k];
                }
                g[a][b] = s;
            }
        }
        List<Integer> keep = new ArrayList<>();
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double[] row = new double[p];
            for (int i : keep) {
                double s = g[j][i];
                for (int k : keep) {
                    if (k >= i) {
                        break;
                    }
                    s -= row[k] * l[i][k];
                }
                row[i] = s / l[i][i];
            }
            double d = g[j][j];
            for (int i : keep) {
                d -= row[i] * row[i];
            }
            if (d > 1e-7 * Math.max(g[j][j], 1e-300)) {
                row[j] = Math.sqrt(d);
                l[j] = row;
                keep.add(j);
            }
        }
        return keep;
    }

    private static List<String> levels(List<String> values) {
        return List.copyOf(new TreeSet<>(values));
    }
}
