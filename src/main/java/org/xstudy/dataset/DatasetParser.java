package org.xstudy.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xstudy.common.Problem;

/**
 * Reads a data set file, CSV (RFC 4180, a header row with {@code text} and {@code label} columns; other columns
 * are ignored) or JSONL (one object per line with string {@code text} and {@code label}), checking every row.
 * Blank lines are skipped. Each error names the row (1-based among data rows), the line of the file it starts on,
 * and the field, with the pointer {@code /rows/<row>/<field>}.
 */
final class DatasetParser {

    /** What a file holds: its rows and distinct labels, or the errors that keep it out. */
    record Parsed(List<DatasetView.Row> rows, List<String> labels, List<Problem.FieldError> errors,
            boolean truncated) {}

    private final DatasetLimits limits;
    private final ObjectMapper json;
    private final List<DatasetView.Row> rows = new ArrayList<>();
    private final Set<String> labels = new LinkedHashSet<>();
    private final List<Problem.FieldError> errors = new ArrayList<>();
    private boolean truncated;

    private DatasetParser(DatasetLimits limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    static Parsed parse(byte[] bytes, String format, DatasetLimits limits, ObjectMapper json) {
        DatasetParser p = new DatasetParser(limits, json);
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            p.error("/file", "The file is not UTF-8 text.");
            return p.result();
        }
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        if ("csv".equals(format)) {
            p.csv(content);
        } else {
            p.jsonl(content);
        }
        if (p.errors.isEmpty()) {
            p.whole();
        }
        return p.result();
    }

    private void csv(String content) {
        try (CSVParser parser = CSVParser.parse(new StringReader(content), CSVFormat.RFC4180)) {
            Iterator<CSVRecord> records = parser.iterator();
            int textColumn = -1;
            int labelColumn = -1;
            long line = 1;
            boolean header = true;
            while (more(records, parser, rows.size() + 1)) {
                CSVRecord r = records.next();
                long start = line;
                line = parser.getCurrentLineNumber() + 1;
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;
                }
                if (header) {
                    header = false;
                    for (int i = 0; i < r.size(); i++) {
                        String name = r.get(i).trim().toLowerCase(Locale.ROOT);
                        textColumn = "text".equals(name) && textColumn < 0 ? i : textColumn;
                        labelColumn = "label".equals(name) && labelColumn < 0 ? i : labelColumn;
                    }
                    if (textColumn < 0 || labelColumn < 0) {
                        error("/header", "Line " + start + ": the header row must name a 'text' and a 'label' "
                                + "column; it has " + r.toList() + ".");
                        return;
                    }
                    continue;
                }
                row(start, Value.of(field(r, textColumn)), Value.of(field(r, labelColumn)));
                if (stop()) {
                    return;
                }
            }
            if (header) {
                error("/header", "The file is empty: it needs a header row with 'text' and 'label'.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether another record follows; a malformed one (such as an unclosed quote) ends the file with an error. */
    private boolean more(Iterator<CSVRecord> records, CSVParser parser, int row) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            error("/rows/" + row, "Row " + row + " (near line " + (parser.getCurrentLineNumber() + 1)
                    + "): the CSV is malformed here (an unclosed or stray quote); the rest cannot be read.");
            return false;
        }
    }

    private static String field(CSVRecord r, int column) {
        return column < r.size() ? r.get(column) : null;
    }

    private void jsonl(String content) {
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            int row = rows.size() + 1;
            long line = i + 1;
            JsonNode node;
            try {
                node = json.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                skip(row, line, "", "the line is not a JSON object.");
                rows.add(new DatasetView.Row(row, "", ""));
            } else {
                row(line, string(node, "text"), string(node, "label"));
            }
            if (stop()) {
                return;
            }
        }
    }

    /** A field as read: its text, or why it is unusable before any other check. */
    private record Value(String text, String problem) {

        static Value of(String text) {
            return new Value(text, null);
        }
    }

    private static Value string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Value.of(null);
        }
        return value.isTextual() ? Value.of(value.asText()) : new Value(null, field + " must be a string.");
    }

    private void row(long line, Value text, Value label) {
        int row = rows.size() + 1;
        String t = checked(row, line, "text", text, limits.maxTextChars());
        String l = checked(row, line, "label", label, limits.maxLabelChars());
        rows.add(new DatasetView.Row(row, t == null ? "" : t, l == null ? "" : l));
        if (t != null && l != null) {
            labels.add(l);
        }
    }

    /** The field without surrounding white space, or null after recording why it is unusable. */
    private String checked(int row, long line, String field, Value v, int max) {
        String problem = v.problem();
        String s = v.text() == null ? null : v.text().strip();
        if (problem == null && s == null) {
            problem = field + " is missing.";
        } else if (problem == null && s.isEmpty()) {
            problem = field + " is empty.";
        } else if (problem == null && s.length() > max) {
            problem = field + " has " + s.length() + " characters; at most " + max + " are allowed.";
        } else if (problem == null && !org.xstudy.common.Text.storable(s)) {
            // the message never repeats the text: it is data, and error messages may be logged
            problem = field + " contains a control character (such as NUL) or broken Unicode, which cannot be "
                    + "stored.";
        }
        if (problem != null) {
            skip(row, line, "/" + field, problem);
            return null;
        }
        return s;
    }

    /** A row that cannot be read at all still takes its number. */
    private void skip(int row, long line, String pointer, String message) {
        errors.add(new Problem.FieldError("/rows/" + row + pointer, "Row " + row + " (line " + line + "): "
                + message));
    }

    private boolean stop() {
        if (rows.size() > limits.maxRows()) {
            errors.clear();
            error("/rows", "The file has more than " + limits.maxRows() + " data rows; split it.");
            return true;
        }
        if (errors.size() >= limits.maxErrors()) {
            truncated = true;
            return true;
        }
        return false;
    }

    private void whole() {
        if (rows.isEmpty()) {
            error("/rows", "The file has no data rows.");
        } else if (labels.size() < 2) {
            error("/labels", "A data set needs at least 2 distinct labels; this file has " + labels + ".");
        } else if (labels.size() > limits.maxLabels()) {
            error("/labels", "At most " + limits.maxLabels() + " distinct labels; this file has " + labels.size()
                    + ".");
        }
    }

    private void error(String pointer, String message) {
        errors.add(new Problem.FieldError(pointer, message));
    }

    private Parsed result() {
        return new Parsed(List.copyOf(rows), List.copyOf(labels), List.copyOf(errors), truncated);
    }
}
