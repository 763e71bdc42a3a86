package org.xstudy.console.wizard;

import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.xstudy.common.Actor;

/**
 * Where the wizard's items come from: the researcher's own imported data sets (tables {@code dataset} and
 * {@code dataset_row}) or lines pasted into the form, and which of their rows become items: a seeded random
 * sample, a sample balanced by label, or explicit row numbers.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class WizardItems {

    /** A data set the researcher may choose. */
    @TemplateData
    public record Choice(long id, String name, int rows) {

        /** The id as the form sends it back. */
        public String value() {
            return Long.toString(id);
        }
    }

    /** A candidate item: its 1-based row (or line) number, text and label (null when none was given). */
    public record Row(int position, String text, String label) {}

    @Inject
    EntityManager em;

    public List<Choice> datasets(Actor owner) {
        List<?> found = em.createNativeQuery(
                "SELECT id, name, row_count FROM dataset WHERE owner_id = ?1 ORDER BY lower(name), id")
                .setParameter(1, owner.id()).getResultList();
        return found.stream().map(o -> (Object[]) o).map(r -> new Choice(((Number) r[0]).longValue(),
                (String) r[1], ((Number) r[2]).intValue())).toList();
    }

    /** The rows of a data set the researcher owns, in file order; empty when there is no such data set. */
    public List<Row> rows(Actor owner, long datasetId) {
        List<?> found = em.createNativeQuery("SELECT r.position, r.text, r.label FROM dataset_row r JOIN dataset d "
                + "ON d.id = r.dataset_id WHERE d.id = ?1 AND d.owner_id = ?2 ORDER BY r.position")
                .setParameter(1, datasetId).setParameter(2, owner.id()).getResultList();
        return found.stream().map(o -> (Object[]) o).map(r -> new Row(((Number) r[0]).intValue(), (String) r[1],
                (String) r[2])).toList();
    }

    /** Pasted lines: {@code text}, or {@code label<TAB>text} as pasted from a spreadsheet. Blank lines are skipped. */
    public static List<Row> pasted(String text) {
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            rows.add(tab > 0 ? new Row(i + 1, line.substring(tab + 1).strip(), line.substring(0, tab).strip())
                    : new Row(i + 1, line, null));
        }
        return rows;
    }

    /** {@code count} rows in a seeded random order. */
    public static List<Row> random(List<Row> rows, int count, long seed) {
        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));
        return List.copyOf(shuffled.subList(0, count));
    }

    /**
     * {@code count} rows taking the labels in turn (each label's rows in a seeded random order), so every label
     * gets the same number of items while it has rows left.
     */
    public static List<Row> balanced(List<Row> rows, int count, long seed) {
        Map<String, List<Row>> byLabel = new LinkedHashMap<>();
        for (Row r : rows) {
            byLabel.computeIfAbsent(String.valueOf(r.label()), k -> new ArrayList<>()).add(r);
        }
        Random random = new Random(seed);
        List<List<Row>> queues = new ArrayList<>();
        byLabel.values().forEach(q -> {
            Collections.shuffle(q, random);
            queues.add(q);
        });
        List<Row> picked = new ArrayList<>();
        for (int turn = 0; picked.size() < count; turn++) {
            for (List<Row> q : queues) {
                if (turn < q.size() && picked.size() < count) {
                    picked.add(q.get(turn));
                }
            }
        }
        Collections.shuffle(picked, random);
        return picked;
    }

    /**
     * The rows named by {@code spec}, e.g. {@code 1, 4, 7-9}, in that order.
     *
     * @throws IllegalArgumentException with a sentence for the researcher when a number is malformed, repeated or
     *     out of range
     */
    public static List<Row> explicit(List<Row> rows, String spec) {
        Map<Integer, Row> byPosition = new LinkedHashMap<>();
        rows.forEach(r -> byPosition.put(r.position(), r));
        List<Row> picked = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String part : spec.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            String[] ends = part.split("-", 2);
            int from;
            int to;
            try {
                from = Integer.parseInt(ends[0]);
                to = ends.length == 2 ? Integer.parseInt(ends[1]) : from;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' is not a row number or a range like 7-9.");
            }
            if (to < from || to - from > WizardForm.MAX_ITEMS) {
                throw new IllegalArgumentException("'" + part + "' is not a valid range.");
            }
            for (int n = from; n <= to; n++) {
                Row r = byPosition.get(n);
                if (r == null) {
                    throw new IllegalArgumentException("There is no row " + n + " (the last row is "
                            + rows.get(rows.size() - 1).position() + ").");
                }
                if (!seen.add(n)) {
                    throw new IllegalArgumentException("Row " + n + " is named twice.");
                }
                picked.add(r);
            }
        }
        if (picked.isEmpty()) {
            throw new IllegalArgumentException("Name at least one row, e.g. 1, 4, 7-9.");
        }
        return picked;
    }
}
