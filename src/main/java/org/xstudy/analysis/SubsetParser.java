package org.xstudy.analysis;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xstudy.analysis.stats.Quantiles;
import org.xstudy.common.ProblemException;

/**
 * Reads a requested subset: {@code model:right}, {@code model:wrong}, {@code answer:agrees},
 * {@code answer:disagrees}, or {@code cov:NAME OP VALUE} with OP one of {@code = != < <= > >=}. VALUE is a number,
 * {@code mean} or {@code median} (over the items that have a numeric NAME, each item once), {@code true}/{@code false},
 * or a string ({@code =} and {@code !=} only). Items without the covariate are in no {@code cov:} subset. Anything
 * else, or a covariate no item has, is a 400 naming {@code /subset}.
 */
public final class SubsetParser {

    public static final String POINTER = "/subset";
    /** The most subsets one analysis reports on (each costs a bootstrap). */
    public static final int MAX_SUBSETS = 20;
    private static final Pattern COV = Pattern.compile("cov:([A-Za-z_][A-Za-z0-9_]*)(<=|>=|!=|=|<|>)(.+)");
    private static final Map<String, ItemSubset.Rule> FIXED = Map.of("model:right", ItemSubset.Rule.MODEL_RIGHT,
            "model:wrong", ItemSubset.Rule.MODEL_WRONG, "answer:agrees", ItemSubset.Rule.AGREES,
            "answer:disagrees", ItemSubset.Rule.DISAGREES);

    private SubsetParser() {
    }

    /** The requested subsets without blank entries (an empty form field); more than {@link #MAX_SUBSETS} is a 400. */
    public static List<String> requested(List<String> subsets) {
        List<String> out = subsets == null ? List.of()
                : subsets.stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList();
        if (out.size() > MAX_SUBSETS) {
            throw ProblemException.badField(POINTER, "At most " + MAX_SUBSETS + " subsets at once.");
        }
        return out;
    }

    /** The subset {@code text} names, over items' covariates by item key. */
    public static ItemSubset parse(String text, Map<String, Map<String, Object>> covariates) {
        String t = text == null ? "" : text.strip();
        if (FIXED.containsKey(t)) {
            return ItemSubset.of(t, FIXED.get(t));
        }
        Matcher m = COV.matcher(t);
        if (!m.matches()) {
            throw bad(t, "Write model:right, model:wrong, answer:agrees, answer:disagrees or cov:NAME OP VALUE "
                    + "(OP one of = != < <= > >=; VALUE a number, mean, median, true, false or a string).");
        }
        String name = m.group(1);
        String op = m.group(2);
        String value = m.group(3).strip();
        if (covariates.values().stream().noneMatch(c -> c.containsKey(name))) {
            throw bad(t, "No item has the covariate '" + name + "'.");
        }
        boolean ordering = op.startsWith("<") || op.startsWith(">");
        Double threshold = threshold(value, name, covariates);
        if (ordering && threshold == null) {
            throw bad(t, "< <= > >= need a number, mean or median.");
        }
        Set<String> items = new LinkedHashSet<>();
        covariates.forEach((item, c) -> {
            Object v = c.get(name);
            if (v != null && matches(v, op, value, threshold)) {
                items.add(item);
            }
        });
        return ItemSubset.ofItems(t, items);
    }

    private static Double threshold(String value, String name, Map<String, Map<String, Object>> covariates) {
        if (value.equals("mean") || value.equals("median")) {
            double[] v = covariates.values().stream().map(c -> c.get(name)).filter(Number.class::isInstance)
                    .mapToDouble(x -> ((Number) x).doubleValue()).toArray();
            if (v.length == 0) {
                return null;
            }
            return value.equals("mean") ? Arrays.stream(v).average().orElseThrow() : Quantiles.median(v);
        }
        try {
            double d = Double.parseDouble(value);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean matches(Object v, String op, String value, Double threshold) {
        if (v instanceof Number n && threshold != null) {
            int c = Double.compare(n.doubleValue(), threshold);
            return switch (op) {
                case "=" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
        boolean equal = !(v instanceof Number) && String.valueOf(v).equals(value);
        return switch (op) {
            case "=" -> equal;
            case "!=" -> !equal;
            default -> false;
        };
    }

    private static ProblemException bad(String text, String message) {
        return ProblemException.badField(POINTER, "'" + text + "': " + message);
    }
}
