package org.xstudy.export;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.xstudy.analysis.Answer;
import org.xstudy.analysis.Exclusion;
import org.xstudy.study.spec.StudySpec;

/** The tidy long CSV: one row per answer, written as the rows arrive. */
public final class LongFormat {

    private static final String KINDS = Arrays.stream(Answer.Kind.values()).map(k -> k.name().toLowerCase())
            .collect(Collectors.joining(", "));
    static final String RULES = Arrays.stream(Exclusion.Rule.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    public static final List<Column<ExportRow>> COLUMNS = List.of(
            col("study", "string", "Study slug.", "the study's slug", ExportRow::study),
            col("participant", "string", "Pseudonymous participant id (a random UUID, not the Prolific PID).", "any",
                    ExportRow::participant),
            col("prolific_pid", "string", "Raw Prolific PID; NA unless the researcher asked for it.",
                    "any or NA", ExportRow::prolificPid),
            col("condition", "string", "Condition the answer was given under (trials only).",
                    "condition ids of the study; NA outside trials", ExportRow::condition),
            col("phase", "string", "Study phase of the answer.", "phase names of the study",
                    ExportRow::phase),
            col("kind", "string", "What the answer is.", KINDS, r -> r.kind().name().toLowerCase()),
            col("item", "string", "Item key.", "item keys of the study, or NA", ExportRow::item),
            col("trial_position", "integer", "1-based position of the trial in the participant's sequence.",
                    "≥ 1", ExportRow::trialPosition),
            col("explanation_type", "string", "Type of the explanation shown (heatmap, text, counterfactual, ...).",
                    "any, or NA when none was shown", ExportRow::explanationType),
            col("explanation_method", "string", "Method that produced the explanation (e.g. integrated_gradients).",
                    "any or NA", ExportRow::explanationMethod),
            col("explanation_version", "string", "Version of the explanation method or payload.", "any or NA",
                    ExportRow::explanationVersion),
            col("question", "string", "Question or prompt shown.", "any", ExportRow::question),
            col("answer", "string", "The participant's answer (guessed label, chosen option or free text).",
                    "any or NA", ExportRow::answer),
            col("correct", "boolean", "Simulation answers: answer equals model_output (not the gold label). "
                    + "Attention and comprehension checks: answer equals the instructed answer. Consent: the participant "
                    + "agreed. NA for every other answer.",
                    "TRUE, FALSE or NA", ExportRow::correct),
            col("model_output", "string", "The model's output the participant had to simulate.",
                    "labels of the study, or NA", ExportRow::modelOutput),
            col("gold_label", "string", "Gold label of the item (attention checks: the instructed answer).",
                    "labels of the study, or NA if unknown", ExportRow::goldLabel),
            col("rating_scale", "string", "Rating scale of a rating answer.",
                    "the rating scales of the study; NA otherwise",
                    ExportRow::ratingScale),
            col("rating_value", "integer", "Likert value of a rating answer.", "1 to the scale's number of points",
                    ExportRow::ratingValue),
            col("shown_at", "timestamp", "Server time the step was shown (ISO-8601, UTC).", "ISO-8601 instant",
                    ExportRow::shownAt),
            col("answered_at", "timestamp", "Server time the answer was stored (ISO-8601, UTC).",
                    "ISO-8601 instant", ExportRow::answeredAt),
            col("client_response_ms", "integer", "Response time measured in the browser (JavaScript on).",
                    "≥ 0, or NA", ExportRow::clientResponseMs),
            col("server_response_ms", "integer", "answered_at − shown_at in milliseconds.", "≥ 0, or NA",
                    ExportRow::serverResponseMs),
            col("completed", "boolean", "Whether the participant completed the session.", "TRUE, FALSE",
                    ExportRow::completed),
            col("excluded", "boolean", "Whether the participant is excluded by the study's exclusion rules.",
                    "TRUE, FALSE", ExportRow::excluded),
            col("exclusion_reasons", "string", "Exclusion rules that fired, separated by ';'.",
                    RULES + " (empty if kept)", ExportRow::exclusionReasons));

    private LongFormat() {
    }

    private static Column<ExportRow> col(String name, String type, String meaning, String allowed,
                                         java.util.function.Function<ExportRow, Object> value) {
        return new Column<>(name, type, meaning, allowed, value);
    }

    public static List<String> header() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    /** The columns of a study's long CSV: the fixed ones, then one {@code cov_<name>} per item covariate. */
    public static List<Column<ExportRow>> columns(StudySpec spec) {
        List<Column<ExportRow>> out = new ArrayList<>(COLUMNS);
        out.addAll(CovariateColumns.of(spec));
        return out;
    }

    /** Writes the header and then every row, flushing as it goes; returns the number of rows. */
    public static long write(Stream<ExportRow> rows, OutputStream out) {
        return write(rows, COLUMNS, out);
    }

    /** As {@link #write(Stream, OutputStream)} with the given columns. */
    public static long write(Stream<ExportRow> rows, List<Column<ExportRow>> columns, OutputStream out) {
        CsvWriter csv = new CsvWriter(out);
        csv.row(columns.stream().map(Column::name).toList());
        long[] n = {0};
        Object[] cells = new Object[columns.size()];
        List<Object> view = Arrays.asList(cells);
        rows.forEach(r -> {
            for (int i = 0; i < cells.length; i++) {
                cells[i] = columns.get(i).value().apply(r);
            }
            csv.row(view);
            n[0]++;
        });
        csv.close();
        return n[0];
    }
}
