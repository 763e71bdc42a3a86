package org.xstudy.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.study.spec.StudySpec;

/**
 * The codebook of one study's exports: its own conditions (and which is the control), phases and their steps,
 * questions with their texts, the rating scales its data holds, its item covariates, and every column of every file with its type,
 * meaning and allowed values. Written as JSON here and as Markdown by {@link CodebookMarkdown}.
 *
 * @param control the condition flagged {@code "control": true}, or null when the study has no control
 */
public record Codebook(String study, String title, String design, String control, String missing,
                       List<ConditionEntry> conditions, List<PhaseEntry> phases, List<QuestionEntry> questions,
                       List<ScaleEntry> ratingScales, List<CovariateEntry> covariates, List<File> files) {

    /** How the files mark missing values and booleans, said once for the JSON and the Markdown. */
    public static final String MISSING = "Missing values are NA in the CSV files and null in JSON; logical columns "
            + "are TRUE or FALSE in CSV and true or false in JSON, so base R's read.csv, readr and pandas load "
            + "them as logical without cleaning. A free-text answer that is literally NA loads as missing too. Text "
            + "cells that start with =, +, -, @, tab or carriage return are prefixed with a single quote (') so "
            + "spreadsheets do not run them as formulas.";

    /** One column of one file. */
    public record Entry(String name, String type, String meaning, String allowed) {
    }

    /** The codebook of one file. */
    public record File(String file, String description, List<Entry> columns) {
    }

    /** A condition of the study; {@code control} marks the baseline of the analysis. */
    public record ConditionEntry(String id, String explanation, boolean control) {
    }

    /** A phase, in order, with the steps a participant goes through in it. */
    public record PhaseEntry(String name, String type, String title, int items, String steps) {
    }

    /**
     * A question outside the trials: comprehension, attention check, freetext or questionnaire.
     *
     * @param answer the right or instructed answer of a check, else null
     * @param wideColumn the wide CSV column holding the answers (questionnaire and freetext), else null
     */
    public record QuestionEntry(String phase, String id, String kind, String type, String text,
                                List<String> options, String answer, String wideColumn) {
    }

    /**
     * An item covariate of the spec: its type, on how many of the study's items it is set, its values, and the
     * columns that carry it ({@code wideColumn}: the per-participant mean, for numbers and true/false only).
     */
    public record CovariateEntry(String name, String type, int items, int ofItems, String values, String longColumn,
                                 String wideColumn) {
    }

    /** A rating scale found in the data, with its question and points where the spec defines it. */
    public record ScaleEntry(String id, String question, Integer points, List<String> anchors, List<String> phases) {
    }

    /** The codebook of a study whose answers hold the rating scales {@code ratingScales}. */
    public static Codebook of(String slug, StudySpec spec, List<String> ratingScales) {
        Questionnaire questionnaire = Questionnaire.of(spec);
        boolean sequences = spec.design().lists() != null
                && spec.design().lists().stream().anyMatch(StudySpec.TrialList::isSequence);
        List<ConditionEntry> conditions = spec.conditions().stream()
                .map(c -> new ConditionEntry(c.id(), c.explanation(), c.isControl())).toList();
        List<PhaseEntry> phases = spec.phases().stream().map(p -> new PhaseEntry(CodebookSteps.name(p), p.type(),
                p.title(), p.items() == null ? 0 : p.items().size(), CodebookSteps.describe(p, sequences))).toList();
        List<ScaleEntry> scales = ratingScales.stream().map(s -> scale(spec, s)).toList();
        Map<String, String> allowed = new LinkedHashMap<>();
        allowed.put("condition", String.join(", ", conditions.stream().map(ConditionEntry::id).toList())
                + (spec.control() == null ? " (no control flagged)" : " (control: " + spec.control() + ")")
                + "; NA outside trials");
        allowed.put("phase", String.join(", ", phases.stream().map(PhaseEntry::name).toList()));
        allowed.put("item", "item ids of the study (" + spec.items().size() + " items); NA outside trials");
        allowed.put("rating_scale", (ratingScales.isEmpty() ? "none in the data yet"
                : String.join(", ", ratingScales)) + "; NA for answers that are not ratings");
        List<File> files = List.of(
                new File("long-csv", "One row per answer (tidy long format); the JSON export has the same fields.",
                        LongFormat.columns(spec).stream().map(c -> entry(c, allowed)).toList()),
                new File("wide-csv", "One row per participant with at least one stored answer.",
                        WideFormat.columns(spec, ratingScales, questionnaire).stream().map(c -> entry(c, allowed))
                                .toList()));
        return new Codebook(slug, spec.title(), spec.design().type(), spec.control(), MISSING, conditions, phases,
                CodebookSteps.questions(spec, questionnaire), scales, CodebookCovariates.of(spec), files);
    }

    private static <T> Entry entry(Column<T> c, Map<String, String> allowed) {
        return new Entry(c.name(), c.type(), c.meaning(), allowed.getOrDefault(c.name(), c.allowed()));
    }

    private static ScaleEntry scale(StudySpec spec, String id) {
        StudySpec.Scale found = null;
        List<String> in = new ArrayList<>();
        for (StudySpec.Phase p : spec.phases()) {
            for (StudySpec.Scale s : p.ratings() == null ? List.<StudySpec.Scale>of() : p.ratings()) {
                if (s.id().equals(id)) {
                    found = s;
                    in.add(CodebookSteps.name(p));
                }
            }
        }
        return found == null ? new ScaleEntry(id, null, null, null, in)
                : new ScaleEntry(id, found.question(), found.points(), found.anchors(), in);
    }

    public void writeJson(OutputStream out) {
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
