package org.xstudy.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Streaming RFC 4180 CSV writer (UTF-8, comma, CRLF, quotes doubled) whose files load without cleaning in base
 * R ({@code read.csv}), readr and pandas: a missing value (null, or a number that is not finite) is {@code NA},
 * a boolean is {@code TRUE} or {@code FALSE}. Text cells that a spreadsheet would run as a formula (starting with
 * =, +, -, @, tab or carriage return) are neutralised by a leading single quote (OWASP "CSV injection"); numbers
 * are written as they are.
 */
public final class CsvWriter implements AutoCloseable {

    private final Writer out;

    public CsvWriter(OutputStream stream) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    public void row(List<?> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                writeCell(cells.get(i));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a missing value is written. */
    public static final String NA = "NA";

    private void writeCell(Object value) throws IOException {
        if (value == null || value instanceof Double d && !Double.isFinite(d)) {
            out.write(NA);
            return;
        }
        if (value instanceof Boolean b) {
            out.write(b ? "TRUE" : "FALSE");
            return;
        }
        if (value instanceof Number n) {
            out.write(n.toString());
            return;
        }
        String s = neutralise(value.toString());
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.write(s);
            return;
        }
        out.write('"');
        out.write(s.replace("\"", "\"\""));
        out.write('"');
    }

    /** Prefixes a single quote to a cell a spreadsheet would read as a formula. */
    public static String neutralise(String s) {
        if (s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
