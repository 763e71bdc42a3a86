package org.xstudy.analysis.ordinal;

/** R string literals for text from a study spec, so that no condition or slug can break out of its string. */
final class RLiteral {

    private RLiteral() {
    }

    /** {@code "..."} with backslash, quote and every control or non-ASCII character escaped as R reads it back. */
    static String of(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp == '\\' || cp == '"') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp >= 0x20 && cp < 0x7f) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format("\\U{%x}", cp));
            }
        });
        return sb.append('"').toString();
    }

    /** {@code c("a", "b")}. */
    static String vector(java.util.List<String> values) {
        return "c(" + String.join(", ", values.stream().map(RLiteral::of).toList()) + ")";
    }
}
