package org.xstudy.explain.method;

import java.util.List;

/**
 * One parameter of an attribution method: its type, default and allowed range, as listed by
 * {@code GET /api/explanation-methods}.
 *
 * @param min inclusive lower bound for numbers, or null
 * @param max inclusive upper bound for numbers, or null
 * @param allowed the allowed values of a string parameter (or, as text, of a boolean one), or empty: any
 */
public record ParamSpec(String name, Type type, Object defaultValue, Double min, Double max, List<String> allowed,
        String description) {

    /** The largest seed: 2^53 - 1, exact in JSON numbers. */
    public static final long MAX_SEED = 9_007_199_254_740_991L;

    /** The JSON type of a parameter value. */
    public enum Type { INTEGER, NUMBER, BOOLEAN, STRING }

    public static ParamSpec integer(String name, long dflt, long min, long max, String description) {
        return new ParamSpec(name, Type.INTEGER, dflt, (double) min, (double) max, List.of(), description);
    }

    public static ParamSpec number(String name, double dflt, double min, double max, String description) {
        return new ParamSpec(name, Type.NUMBER, dflt, min, max, List.of(), description);
    }

    public static ParamSpec bool(String name, boolean dflt, String description) {
        return new ParamSpec(name, Type.BOOLEAN, dflt, null, null, List.of(), description);
    }

    /** A boolean that may only be true (kept so that requests naming it still work); false is refused. */
    public static ParamSpec onlyTrue(String name, String description) {
        return new ParamSpec(name, Type.BOOLEAN, true, null, null, List.of("true"), description);
    }

    public static ParamSpec choice(String name, String dflt, List<String> allowed, String description) {
        return new ParamSpec(name, Type.STRING, dflt, null, null, List.copyOf(allowed), description);
    }

    /** The seed parameter shared by every sampled method. */
    public static ParamSpec seed() {
        return integer("seed", 42, 0, MAX_SEED,
                "Seed of the random generator; the same seed gives the same result.");
    }

    /** Checks and normalises one given value (e.g. {@code 50.0} for an integer becomes {@code 50L}). */
    Object accept(Object value) {
        switch (type) {
            case INTEGER -> {
                if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new InvalidParamException(name, name + " must be an integer.");
                }
                return inRange(n.longValue());
            }
            case NUMBER -> {
                if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    throw new InvalidParamException(name, name + " must be a finite number.");
                }
                return inRange(n.doubleValue());
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean b)) {
                    throw new InvalidParamException(name, name + " must be true or false.");
                }
                if (!allowed.isEmpty() && !allowed.contains(b.toString())) {
                    throw new InvalidParamException(name, name + " must be " + String.join(" or ", allowed)
                            + ": " + description);
                }
                return b;
            }
            default -> {
                if (!(value instanceof String s) || !allowed.contains(s)) {
                    throw new InvalidParamException(name, name + " must be one of " + allowed + ".");
                }
                return s;
            }
        }
    }

    private <N extends Number> N inRange(N n) {
        double v = n.doubleValue();
        if ((min != null && v < min) || (max != null && v > max)) {
            throw new InvalidParamException(name, name + " must be between " + bound(min) + " and " + bound(max) + ".");
        }
        return n;
    }

    private String bound(Double b) {
        return type == Type.INTEGER ? String.valueOf(b.longValue()) : String.valueOf(b);
    }
}
