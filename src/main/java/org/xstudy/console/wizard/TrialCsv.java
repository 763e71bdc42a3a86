package org.xstudy.console.wizard;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xstudy.study.spec.StudySpec.Trial;
import org.xstudy.study.spec.StudySpec.TrialList;

/**
 * Trial sequences uploaded to the wizard as CSV: a header naming the columns {@code list}, {@code item},
 * {@code condition} and optionally {@code position}, then one line per trial (commas, semicolons or tabs). Each
 * problem is reported with its line, all at once, under the form's {@code trials} field.
 */
final class TrialCsv {

    static final String FIELD = "trials";
    /** The most problems spelled out; the rest are counted. */
    static final int SHOWN = 8;
    static final int MAX_TRIALS = 10_000;

    private static final Set<String> COLUMNS = Set.of("list", "item", "condition", "position");

    private record Line(Trial trial, Integer position) {}

    private final List<String> problems = new ArrayList<>();

    private TrialCsv() {}

    /**
     * The lists of the CSV in {@code f.trials}, in the order they first appear, or null with the field's error set.
     *
     * @param items the study's item ids ({@code r<row>}); a bare row number is taken as its item
     * @param names every name a condition may be given by, mapped to its id
     * @param ids the condition ids, for the message about an unknown condition
     */
    static List<TrialList> lists(WizardForm f, List<String> items, Map<String, String> names, List<String> ids) {
        if (f.trials.isEmpty()) {
            f.error(FIELD, "Upload or paste the trial sequences: a CSV with the columns list, item, condition and "
                    + "optionally position.");
            return null;
        }
        TrialCsv csv = new TrialCsv();
        Map<String, List<Line>> lists = csv.read(f.trials, Set.copyOf(items), names, ids);
        if (csv.problems.isEmpty() && lists.isEmpty()) {
            csv.problems.add("The CSV has no trials: give one line per trial after the header.");
        }
        if (!csv.problems.isEmpty()) {
            List<String> shown = csv.problems.subList(0, Math.min(SHOWN, csv.problems.size()));
            int more = csv.problems.size() - shown.size();
            f.error(FIELD, String.join(" ", shown) + (more > 0 ? " … and " + more + " more." : ""));
            return null;
        }
        List<TrialList> out = new ArrayList<>();
        lists.forEach((id, lines) -> out.add(new TrialList(id, null, lines.stream()
                .sorted(Comparator.comparing(l -> l.position() == null ? 0 : l.position())).map(Line::trial)
                .toList(), f.trialOrder)));
        return out;
    }

    private Map<String, List<Line>> read(String text, Set<String> items, Map<String, String> names,
            List<String> ids) {
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String header = content.lines().findFirst().orElse("");
        char delimiter = header.contains(",") ? ',' : header.contains(";") ? ';' : header.contains("\t") ? '\t' : ',';
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setTrim(true)
                .setIgnoreEmptyLines(false).get();
        Map<String, List<Line>> lists = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(content), format)) {
            Map<String, Integer> columns = null;
            for (CSVRecord r : parser) {
                int number = (int) r.getRecordNumber();
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;
                }
                if (columns == null) {
                    columns = header(r);
                    if (columns == null) {
                        return lists;
                    }
                    continue;
                }
                Line line = line(r, number, columns, items, names, ids);
                if (line == null) {
                    continue;
                }
                String list = r.get(columns.get("list"));
                String pair = list + '\u0000' + line.trial().item() + '\u0000' + line.trial().condition();
                Integer first = seen.putIfAbsent(pair, number);
                if (first != null) {
                    problem(number, "list '" + list + "' already has item " + line.trial().item() + " under "
                            + line.trial().condition() + " (line " + first + ").");
                    continue;
                }
                if (line.position() != null && seen.putIfAbsent(list + '\u0000' + line.position(), number) != null) {
                    problem(number, "list '" + list + "' already has a trial at position " + line.position() + ".");
                }
                lists.computeIfAbsent(list, k -> new ArrayList<>()).add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            problems.add("The CSV cannot be read: " + e.getMessage());
        }
        lists.forEach((id, lines) -> {
            if (lines.size() > MAX_TRIALS) {
                problems.add("List '" + id + "' has " + lines.size() + " trials; at most " + MAX_TRIALS + ".");
            }
        });
        return lists;
    }

    /** The column of each name in the header, or null after reporting a header that is not list,item,condition. */
    private Map<String, Integer> header(CSVRecord r) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < r.size(); i++) {
            String name = r.get(i).toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name) || columns.putIfAbsent(name, i) != null) {
                problem((int) r.getRecordNumber(), "the header names '" + r.get(i) + "'; it must name the columns "
                        + "list, item, condition and optionally position, once each.");
                return null;
            }
        }
        if (!columns.keySet().containsAll(List.of("list", "item", "condition"))) {
            problem((int) r.getRecordNumber(), "the header must name the columns list, item and condition (and "
                    + "optionally position).");
            return null;
        }
        return columns;
    }

    private Line line(CSVRecord r, int number, Map<String, Integer> columns, Set<String> items,
            Map<String, String> names, List<String> ids) {
        if (r.size() != columns.size()) {
            problem(number, "has " + r.size() + " values; the header names " + columns.size() + " columns.");
            return null;
        }
        String list = r.get(columns.get("list"));
        String item = r.get(columns.get("item"));
        String condition = r.get(columns.get("condition"));
        boolean ok = true;
        if (list.isEmpty()) {
            ok = problem(number, "the list is empty; name the list this trial belongs to.");
        } else if (list.length() > 64 || !list.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            ok = problem(number, "list '" + list + "' is not an id (letters, digits, '_', '.' and '-', starting "
                    + "with a letter or digit, at most 64).");
        }
        String id = item.matches("\\d+") ? "r" + item : item;
        if (!items.contains(id)) {
            ok = problem(number, item.isEmpty() ? "the item is empty." : "item '" + item + "' is not one of the "
                    + "study's items (the rows chosen under Items, e.g. " + items.stream().sorted().findFirst()
                    .orElse("r1") + ").");
        }
        String conditionId = names.get(condition.toLowerCase(Locale.ROOT));
        if (conditionId == null) {
            ok = problem(number, "condition '" + condition + "' is not one of the study's conditions ("
                    + String.join(", ", ids) + ").");
        }
        Integer position = null;
        if (columns.containsKey("position")) {
            String p = r.get(columns.get("position"));
            try {
                position = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                position = -1;
            }
            if (position < 1) {
                ok = problem(number, "position '" + p + "' is not a whole number from 1.");
            }
        }
        return ok ? new Line(new Trial(id, conditionId), position) : null;
    }

    private boolean problem(int line, String message) {
        problems.add("Line " + line + ": " + message);
        return false;
    }
}
