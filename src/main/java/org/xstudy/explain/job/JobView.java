package org.xstudy.explain.job;

import java.time.OffsetDateTime;

/**
 * A precompute job's progress as the API reports it.
 *
 * @param etaSeconds estimated seconds to finish at the rate of the current run; null when not running or unknown
 */
public record JobView(long id, String model, Long studyId, Long datasetId, String status, int total, int done, int failed,
        Double etaSeconds, String error, OffsetDateTime createdAt, OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {}
