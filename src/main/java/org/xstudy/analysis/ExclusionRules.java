package org.xstudy.analysis;

/**
 * Exclusion rules configured per study.
 *
 * @param maxAttentionFailures exclude a participant failing more attention checks than this (null: rule off)
 * @param minMedianResponseMs exclude a participant whose median response time is below this (null: rule off)
 * @param requireComplete exclude participants who did not complete the session
 * @param maxFastAnswers exclude a participant with more answers than this that the server flagged too fast, i.e.
 *     given sooner after the step was shown than {@code xstudy.participant.min-answer-ms} (null: rule off)
 */
public record ExclusionRules(Integer maxAttentionFailures, Long minMedianResponseMs, boolean requireComplete,
                             Integer maxFastAnswers) {

    /** Defaults: any failed attention check, median under 1 s, incomplete sessions; fast answers off. */
    public static ExclusionRules defaults() {
        return new ExclusionRules(0, 1000L, true, null);
    }

    public static ExclusionRules none() {
        return new ExclusionRules(null, null, false, null);
    }
}
