package org.xstudy.export;

import java.util.function.Function;

/**
 * One exported column: its codebook entry and how to read it from a row.
 *
 * @param type {@code string}, {@code integer}, {@code number}, {@code boolean} or {@code timestamp}
 * @param allowed the allowed values, or a description of the range
 */
public record Column<T>(String name, String type, String meaning, String allowed, Function<T, Object> value) {

    /** {@code raw} as a column name R keeps as it is: every character but letters, digits and '_' made '_'. */
    public static String safeName(String raw) {
        return raw.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** The codebook entry without the accessor, for JSON. */
    public Codebook.Entry entry() {
        return new Codebook.Entry(name, type, meaning, allowed);
    }
}
