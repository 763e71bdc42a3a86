package org.xstudy.analysis;

import java.util.Set;

/**
 * A subset of answers the analysis reports on besides its fixed breakdowns, named by the request's
 * {@code subset} value (see {@link SubsetParser} for the grammar).
 *
 * @param label the requested text, which labels the subset's accuracy cells and rating summaries
 * @param rule what the subset keeps
 * @param items for {@link Rule#ITEMS}, the keys of the items in the subset
 */
public record ItemSubset(String label, Rule rule, Set<String> items) {

    /** What decides membership. */
    public enum Rule { ITEMS, MODEL_RIGHT, MODEL_WRONG, AGREES, DISAGREES }

    /** A subset of the items with the given keys. */
    public static ItemSubset ofItems(String label, Set<String> items) {
        return new ItemSubset(label, Rule.ITEMS, Set.copyOf(items));
    }

    /** A subset decided by each answer rather than by its item. */
    public static ItemSubset of(String label, Rule rule) {
        return new ItemSubset(label, rule, Set.of());
    }

    /** Whether the rule looks at the participant's answer (so a rating is judged by its item's trial). */
    public boolean byAnswer() {
        return rule == Rule.AGREES || rule == Rule.DISAGREES;
    }

    /**
     * Whether a simulation answer is in the subset; an answer whose model correctness is unknown (no gold label)
     * is in neither {@code model:} subset.
     */
    public boolean contains(Answer trial) {
        return switch (rule) {
            case ITEMS -> trial.itemKey() != null && items.contains(trial.itemKey());
            case MODEL_RIGHT -> Boolean.TRUE.equals(trial.modelCorrect());
            case MODEL_WRONG -> Boolean.FALSE.equals(trial.modelCorrect());
            case AGREES -> trial.simulationCorrect();
            case DISAGREES -> !trial.simulationCorrect();
        };
    }
}
