package org.xstudy.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.xstudy.study.spec.StudySpec;

/** The codebook's description of a study's item covariates: type, how many items have each, and their values. */
final class CodebookCovariates {

    /** Distinct text values listed before the rest is counted only. */
    private static final int SHOWN_VALUES = 10;

    private CodebookCovariates() {
    }

    static List<Codebook.CovariateEntry> of(StudySpec spec) {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        spec.items().forEach(i -> i.covariatesOrEmpty().forEach((name, v) ->
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(v)));
        List<Codebook.CovariateEntry> out = new ArrayList<>();
        values.forEach((name, vs) -> {
            String type = vs.stream().allMatch(Number.class::isInstance) ? "number"
                    : vs.stream().allMatch(Boolean.class::isInstance) ? "boolean" : "string";
            boolean summarised = type.equals("number") || type.equals("boolean");
            out.add(new Codebook.CovariateEntry(name, type, vs.size(), spec.items().size(), describe(type, vs),
                    Column.safeName("cov_" + name), summarised ? Column.safeName("cov_" + name + "_mean") : null));
        });
        return out;
    }

    private static String describe(String type, List<Object> vs) {
        if (type.equals("number")) {
            double[] d = vs.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            double mean = java.util.Arrays.stream(d).average().orElse(Double.NaN);
            return String.format(java.util.Locale.ROOT, "from %s to %s, mean %.4g, median %.4g",
                    num(java.util.Arrays.stream(d).min().orElseThrow()),
                    num(java.util.Arrays.stream(d).max().orElseThrow()), mean,
                    org.xstudy.analysis.stats.Quantiles.median(d));
        }
        if (type.equals("boolean")) {
            long t = vs.stream().filter(Boolean.TRUE::equals).count();
            return "TRUE on " + t + ", FALSE on " + (vs.size() - t) + " items";
        }
        TreeSet<String> distinct = new TreeSet<>();
        vs.forEach(v -> distinct.add(String.valueOf(v)));
        List<String> shown = distinct.stream().limit(SHOWN_VALUES).toList();
        return distinct.size() + " distinct: " + String.join(", ", shown)
                + (distinct.size() > SHOWN_VALUES ? ", …" : "");
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
