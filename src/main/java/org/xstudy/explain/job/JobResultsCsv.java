package org.xstudy.explain.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.xstudy.explain.JsonText;
import org.xstudy.explain.api.ExplanationView;
import org.xstudy.export.CsvWriter;

/**
 * A job's results as one tidy CSV table, one row per word of each explanation (a task without an explanation,
 * pending or failed, gets one row with NA for the word columns). Item, method and model output repeat on each
 * of their rows, so the file loads as one data frame in R or pandas; missing values are NA, logicals TRUE / FALSE
 * ({@link CsvWriter}).
 */
public record JobResultsCsv(CsvWriter out, ObjectMapper json, long jobId) {

    public static final List<String> HEADER = List.of("job_id", "position", "item_key", "text", "method", "params",
            "status", "error", "explanation_id", "target", "target_label", "prediction", "prediction_label",
            "predicts_target", "aopc_comprehensiveness", "aopc_sufficiency", "word_index", "token", "start", "end",
            "score");

    /** The table of job {@code jobId} on {@code out}, its header written. */
    public static JobResultsCsv start(CsvWriter out, ObjectMapper json, long jobId) {
        out.row(HEADER);
        return new JobResultsCsv(out, json, jobId);
    }

    /** The rows of one task. */
    public void write(JobResult r) {
        ExplanationView e = r.explanation();
        List<Object> item = new ArrayList<>(List.of(jobId, r.position()));
        item.addAll(Arrays.asList(r.itemKey(), r.text(), r.method(), JsonText.write(json, r.params()),
                r.status(), r.error(), r.explanationId()));
        if (e != null) {
            Map<?, ?> faithfulness = e.metrics().get("faithfulness") instanceof Map<?, ?> m ? m : Map.of();
            item.addAll(Arrays.asList(e.target(), e.targetLabel(), e.prediction(), e.predictionLabel(),
                    e.prediction() == e.target(), faithfulness.get("aopcComprehensiveness"),
                    faithfulness.get("aopcSufficiency")));
        }
        if (e == null || e.tokens().isEmpty()) {
            item.addAll(Collections.nCopies(HEADER.size() - item.size(), null));
            out.row(item);
            return;
        }
        for (int i = 0; i < e.tokens().size(); i++) {
            List<Object> row = new ArrayList<>(item);
            row.addAll(List.of(i, e.tokens().get(i), e.offsets().get(i)[0], e.offsets().get(i)[1],
                    e.scores().get(i)));
            out.row(row);
        }
    }
}
