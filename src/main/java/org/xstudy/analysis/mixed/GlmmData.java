package org.xstudy.analysis.mixed;

import java.util.List;

/**
 * The numbers a logistic GLMM with crossed random intercepts is fitted to: one row per answer.
 *
 * @param y 1 for a correct answer, 0 otherwise
 * @param x the fixed-effects design, column by column ({@code x[column][row]}), intercept first
 * @param fixedNames the column names as R's {@code model.matrix} names them, e.g. {@code conditionheatmap}
 * @param participant each row's participant, an index into {@code participants}
 * @param item each row's item, an index into {@code items}
 */
public record GlmmData(int[] y, double[][] x, List<String> fixedNames, int[] participant, List<String> participants,
                       int[] item, List<String> items) {

    public int rows() {
        return y.length;
    }

    public int fixed() {
        return x.length;
    }
}
