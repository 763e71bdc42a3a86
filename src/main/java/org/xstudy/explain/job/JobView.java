package org.xstudy.explain.job;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A precompute job's progress as the API reports it.
 *
 * @param methods the methods with their resolved parameters, as stored when the job was created
 * @param etaSeconds estimated seconds to finish at the rate of the current run; null when not running or unknown
 * @param chunkSize tasks per chunk that a worker node claims at a time
 * @param workers the worker nodes holding a chunk of the job now (docs/workers.md)
 */
public record JobView(long id, String model, List<Method> methods, Long studyId, Long datasetId, String status,
        int total, int done, int failed, Double etaSeconds, String error, OffsetDateTime createdAt,
        OffsetDateTime startedAt, OffsetDateTime finishedAt, int chunkSize, List<String> workers) {

    /** One method of the job with its parameters, defaults filled in. */
    public record Method(String method, Map<String, Object> params) {}

    /** The ids of {@link #methods}. */
    public List<String> methodIds() {
        return methods.stream().map(Method::method).toList();
    }
}
