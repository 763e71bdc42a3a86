package org.xstudy.analysis;

/** A participant as the exclusion rules see it, with the condition assigned to them (null if not one). */
public record Participant(String id, String condition, boolean completed) {
}
