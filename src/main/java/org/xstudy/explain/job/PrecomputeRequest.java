package org.xstudy.explain.job;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/precompute-jobs}: a model, the methods to run, optional parameters per method, and
 * the items: {@code texts}, the items of a study ({@code studyId}) or the rows of one of the caller's data sets
 * ({@code datasetId}; item keys {@code row:<n>}).
 *
 * @param params parameters by method id, e.g. {@code {"lime": {"samples": 200}}}; defaults otherwise
 */
public record PrecomputeRequest(String model, List<String> methods, Map<String, Map<String, Object>> params,
        List<String> texts, Long studyId, Long datasetId) {}
