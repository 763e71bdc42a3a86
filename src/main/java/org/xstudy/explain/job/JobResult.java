package org.xstudy.explain.job;

import java.util.List;
import java.util.Map;
import org.xstudy.explain.api.ExplanationView;

/**
 * One task of a precompute job as read back: the item ({@code itemKey}: {@code row:<n>} of a data set, a study's
 * item key, or null for given texts) and its text, the method and parameters the job ran, the task's status
 * ({@code pending}, {@code done}, {@code failed}) with its error, and the stored explanation (null until done).
 */
public record JobResult(int position, String itemKey, String text, String method, Map<String, Object> params,
        String status, String error, Long explanationId, ExplanationView explanation) {

    /** A page of results with the number of tasks matching the filter. */
    public record Page(long jobId, long total, int page, int size, String method, String status,
            List<JobResult> results) {}
}
