package org.xstudy.analysis;

/** One decision to exclude a participant, with the rule that fired and a human-readable reason. */
public record Exclusion(String participantId, Rule rule, String reason) {

    /** Why a participant was excluded. */
    public enum Rule { ATTENTION_CHECK, TOO_FAST, FAST_ANSWERS, INCOMPLETE, MANUAL }
}
