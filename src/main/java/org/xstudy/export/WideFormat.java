package org.xstudy.export;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.xstudy.study.spec.StudySpec;

/**
 * The wide CSV: one row per participant. Rows must arrive grouped by participant (the loader orders them so);
 * only one participant is held in memory at a time.
 */
public final class WideFormat {

    private WideFormat() {
    }

    public static List<Column<ParticipantSummary>> columns(List<String> ratingScales, Questionnaire questionnaire) {
        List<Column<ParticipantSummary>> c = new ArrayList<>(List.of(
                col("study", "string", "Study slug.", "the study's slug", s -> s.study),
                col("participant", "string", "Pseudonymous participant id.", "any", s -> s.participant),
                col("prolific_pid", "string", "Raw Prolific PID; NA unless asked for.", "any or NA",
                        s -> s.prolificPid),
                col("prolific_study_id", "string", "Prolific STUDY_ID the participant joined with.", "any or NA",
                        s -> s.session.prolificStudyId()),
                col("prolific_session_id", "string", "Prolific SESSION_ID; NA unless Prolific ids were asked for "
                        + "(Prolific's own export links it to the PID).", "any or NA",
                        s -> s.session.prolificSessionId()),
                col("status", "string", "State of the session when exported.", Session.STATUSES,
                        s -> s.session.status()),
                col("prolific_status", "string", "Prolific's status of the submission as last synced from Prolific "
                        + "(RETURNED, TIMED-OUT and REJECTED ones hold no place); NA without xstudy's Prolific "
                        + "connection.", "RETURNED, TIMED-OUT, REJECTED, AWAITING REVIEW, APPROVED, ACTIVE, or NA",
                        s -> s.session.prolificStatus()),
                col("started_at", "timestamp", "When the participant joined (ISO-8601, UTC).", "ISO-8601 instant",
                        s -> s.session.startedAt()),
                col("finished_at", "timestamp", "When the session ended: completed, screened out, declined or "
                        + "timed out (ISO-8601, UTC).", "ISO-8601 instant, or NA while active",
                        s -> s.session.finishedAt()),
                col("duration_s", "number", "Seconds from started_at to finished_at.",
                        "≥ 0, or NA while active and for timed-out sessions", s -> s.session.durationSeconds()),
                col("conditions", "string", "Conditions the participant saw in trials, separated by ';' (one when "
                        + "between subjects).", "condition ids of the study, or NA before any trial",
                        s -> s.conditions.isEmpty() ? null : String.join(";", s.conditions)),
                col("completed", "boolean", "Whether the session was completed.", "TRUE, FALSE",
                        s -> s.session.completed()),
                col("answers", "integer", "Number of answers stored.", "≥ 1", s -> s.answers),
                col("forward_answers", "integer", "Number of forward simulation answers.", "≥ 0, or NA",
                        s -> s.answersOf("forward")),
                col("forward_accuracy", "number", "Share of forward simulation answers equal to the model output.",
                        "0 to 1, or NA", s -> s.accuracyOf("forward")),
                col("counterfactual_answers", "integer", "Number of counterfactual simulation answers.",
                        "≥ 0, or NA", s -> s.answersOf("counterfactual")),
                col("counterfactual_accuracy", "number", "Counterfactual simulation accuracy.", "0 to 1, or NA",
                        s -> s.accuracyOf("counterfactual")),
                col("pre_accuracy", "number", "Forward simulation accuracy in the pre-test.", "0 to 1, or NA",
                        s -> s.accuracyOf("pre")),
                col("post_accuracy", "number", "Forward simulation accuracy in the post-test.", "0 to 1, or NA",
                        s -> s.accuracyOf("post")),
                col("attention_checks", "integer", "Attention checks answered.", "≥ 0", s -> s.attentionChecks),
                col("attention_failures", "integer", "Attention checks failed.", "≥ 0", s -> s.attentionFailures),
                col("median_response_ms", "number", "Median response time (client-measured where available).",
                        "≥ 0, or NA", ParticipantSummary::medianResponseMs),
                col("excluded", "boolean", "Whether the participant is excluded.", "TRUE, FALSE",
                        s -> s.exclusionReasons != null && !s.exclusionReasons.isEmpty()),
                col("exclusion_reasons", "string", "Exclusion rules that fired, separated by ';'.",
                        LongFormat.RULES + " (empty if kept)", s -> s.exclusionReasons)));
        for (String scale : ratingScales) {
            c.add(col(Column.safeName("rating_" + scale + "_mean"), "number", "Mean rating on the " + scale + " scale.",
                    "1 to the scale's points, or NA", s -> s.ratingMean(scale)));
            c.add(col(Column.safeName("rating_" + scale + "_n"), "integer", "Number of ratings on the " + scale + " scale.",
                    "≥ 0, or NA", s -> s.ratingCount(scale)));
        }
        for (Questionnaire.Question q : questionnaire.questions()) {
            c.add(col(q.column(), q.columnType(), "Answer to question '" + q.id() + "' of phase '" + q.phase()
                    + "': " + q.text(), q.options() != null ? String.join(", ", q.options()) + ", or NA"
                    : "any, or NA when not answered", s -> s.answerTo(q)));
        }
        return c;
    }

    /**
     * The columns of a study's wide CSV: the fixed ones, then per-condition figures (when a participant may see
     * several conditions) and covariate means ({@link WideStudyColumns}).
     */
    public static List<Column<ParticipantSummary>> columns(StudySpec spec, List<String> ratingScales,
                                                           Questionnaire questionnaire) {
        List<Column<ParticipantSummary>> c = columns(ratingScales, questionnaire);
        c.addAll(WideStudyColumns.of(spec, ratingScales));
        return c;
    }

    private static Column<ParticipantSummary> col(String name, String type, String meaning, String allowed,
                                                  Function<ParticipantSummary, Object> value) {
        return new Column<>(name, type, meaning, allowed, value);
    }

    /** Writes one row per participant; returns the number of participants. */
    public static long write(Stream<ExportRow> rows, List<String> ratingScales, Questionnaire questionnaire,
                             OutputStream out) {
        return write(rows, columns(ratingScales, questionnaire), out);
    }

    /** As {@link #write(Stream, List, Questionnaire, OutputStream)} with the given columns. */
    public static long write(Stream<ExportRow> rows, List<Column<ParticipantSummary>> columns, OutputStream out) {
        CsvWriter csv = new CsvWriter(out);
        csv.row(columns.stream().map(Column::name).toList());
        Object[] cells = new Object[columns.size()];
        ParticipantSummary[] current = {null};
        long[] n = {0};
        Runnable emit = () -> {
            for (int i = 0; i < cells.length; i++) {
                cells[i] = columns.get(i).value().apply(current[0]);
            }
            csv.row(Arrays.asList(cells));
            n[0]++;
        };
        rows.forEach(r -> {
            if (current[0] != null && !current[0].participant.equals(r.participant())) {
                emit.run();
                current[0] = null;
            }
            if (current[0] == null) {
                current[0] = new ParticipantSummary(r);
            }
            current[0].add(r);
        });
        if (current[0] != null) {
            emit.run();
        }
        csv.close();
        return n[0];
    }
}
