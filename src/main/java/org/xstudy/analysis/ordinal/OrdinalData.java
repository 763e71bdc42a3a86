package org.xstudy.analysis.ordinal;

import java.util.List;

/**
 * The data of one cumulative link mixed model: an ordinal response, fixed-effect columns (no intercept: the
 * thresholds play its part) and two crossed grouping factors with a random intercept each.
 *
 * @param y the response category of each observation, 0 .. categories − 1, every category observed
 * @param x the fixed-effect design, x[obs][column]
 * @param groupA level of the first grouping factor (participant) of each observation
 * @param groupB level of the second grouping factor (item) of each observation
 * @param categoryNames the response levels in order, e.g. {@code 1 .. 7}
 * @param columnNames the fixed-effect column names, e.g. {@code conditionheatmap}
 * @param levelsA the first factor's level names, indexed by groupA
 * @param levelsB the second factor's level names, indexed by groupB
 */
public record OrdinalData(int[] y, double[][] x, int[] groupA, int[] groupB, List<String> categoryNames,
                          List<String> columnNames, List<String> levelsA, List<String> levelsB) {

    public OrdinalData {
        int n = y.length;
        if (x.length != n || groupA.length != n || groupB.length != n) {
            throw new IllegalArgumentException("y, x and the grouping factors must have one entry per observation");
        }
        if (categoryNames.size() < 2) {
            throw new IllegalArgumentException("An ordinal response needs at least two observed categories");
        }
    }

    public int size() {
        return y.length;
    }

    public int thresholds() {
        return categoryNames.size() - 1;
    }

    public int columns() {
        return columnNames.size();
    }
}
