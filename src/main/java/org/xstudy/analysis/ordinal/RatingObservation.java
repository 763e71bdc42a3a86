package org.xstudy.analysis.ordinal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** One Likert answer as the ordinal model sees it. */
public record RatingObservation(String participant, String item, String condition, int rating) {

    /**
     * The model data for {@code rating ~ condition + (1|participant) + (1|item)}: the response levels are the observed
     * values in increasing order (as R's {@code factor} makes them), the first of {@code conditionLevels} is the
     * reference and each other level gets a treatment-contrast column named {@code condition<level>}.
     */
    public static OrdinalData modelData(List<RatingObservation> rows, List<String> conditionLevels) {
        List<Integer> values = new ArrayList<>(new TreeSet<>(rows.stream().map(RatingObservation::rating).toList()));
        Map<String, Integer> participants = new LinkedHashMap<>();
        Map<String, Integer> items = new LinkedHashMap<>();
        int n = rows.size();
        int[] y = new int[n];
        int[] a = new int[n];
        int[] b = new int[n];
        double[][] x = new double[n][conditionLevels.size() - 1];
        for (int i = 0; i < n; i++) {
            RatingObservation r = rows.get(i);
            y[i] = values.indexOf(r.rating());
            a[i] = participants.computeIfAbsent(r.participant(), k -> participants.size());
            b[i] = items.computeIfAbsent(r.item(), k -> items.size());
            int c = conditionLevels.indexOf(r.condition());
            if (c < 0) {
                throw new IllegalArgumentException("condition " + r.condition() + " is not one of " + conditionLevels);
            }
            if (c > 0) {
                x[i][c - 1] = 1;
            }
        }
        return new OrdinalData(y, x, a, b, values.stream().map(String::valueOf).toList(),
                conditionLevels.stream().skip(1).map(c -> "condition" + c).toList(),
                List.copyOf(participants.keySet()), List.copyOf(items.keySet()));
    }
}
