package org.xstudy.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;
import java.util.Locale;

/** Builds RFC 6901 JSON pointers. */
public final class JsonPointers {

    private JsonPointers() {}

    public static String of(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            sb.append('/');
            if (r.getFieldName() != null) {
                sb.append(escape(r.getFieldName()));
            } else if (r.getIndex() >= 0) {
                sb.append(r.getIndex());
            }
        }
        return sb.toString();
    }

    /** Where {@code parser} stands: the member or element it is reading. */
    public static String at(JsonParser parser) {
        return parser.getParsingContext() == null ? "" : parser.getParsingContext().pathAsPointer().toString();
    }

    /**
     * What a read stopped at when it passed one of the parser's limits (text length, nesting depth, number length),
     * in words for the client; null when {@code e} is another failure.
     */
    public static String limitExceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException) {
                String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (m.contains("nesting depth")) {
                    return "This value is nested too deeply.";
                }
                return m.contains("number") ? "This number has too many digits." : "This text is too long.";
            }
        }
        return null;
    }

    public static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
