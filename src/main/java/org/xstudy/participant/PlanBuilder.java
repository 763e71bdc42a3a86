package org.xstudy.participant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.xstudy.study.spec.StudySpec;
import org.xstudy.study.spec.StudySpec.AttentionCheck;
import org.xstudy.study.spec.StudySpec.Phase;
import org.xstudy.study.spec.StudySpec.Trial;
import org.xstudy.study.spec.StudySpec.TrialList;

/**
 * Turns a spec, a group and a seed into a participant's plan. Groups are conditions (between-subjects), rows of
 * a Latin square (within-subjects) or trial lists (explicit lists: item → condition maps, or sequences of
 * (item, condition) trials that may show one item under several conditions). The same inputs always give the
 * same plan.
 */
public final class PlanBuilder {

    private PlanBuilder() {}

    /** How many groups participants are balanced over. */
    public static int groups(StudySpec spec) {
        return spec.design().type().equals("lists") ? spec.design().lists().size() : spec.conditions().size();
    }

    /** A readable name of a group: the condition id, {@code latin-N} or the list id. */
    public static String groupLabel(StudySpec spec, int group) {
        return switch (spec.design().type()) {
            case "between" -> spec.conditions().get(group).id();
            case "within" -> "latin-" + (group + 1);
            default -> spec.design().lists().get(group).id();
        };
    }

    /**
     * The condition an item is shown in for a group (null in a trial sequence, where an item may have several).
     * Within-subjects, item {@code i} (in spec order) falls in block {@code i mod K} and gets condition
     * {@code (block + group) mod K}: a Latin square over K conditions.
     */
    public static StudySpec.Condition conditionOf(StudySpec spec, int group, String itemId) {
        return switch (spec.design().type()) {
            case "between" -> spec.conditions().get(group);
            case "within" -> {
                int k = spec.conditions().size();
                int block = spec.items().indexOf(spec.item(itemId)) % k;
                yield spec.conditions().get((block + group) % k);
            }
            default -> {
                TrialList list = spec.design().lists().get(group);
                String c = list.isSequence() ? null : list.conditions().get(itemId);
                yield c == null ? null : spec.condition(c);
            }
        };
    }

    public static List<Step> build(StudySpec spec, int group, long seed) {
        List<Step> steps = new ArrayList<>();
        List<String> labelOrder = new ArrayList<>(spec.labels());
        boolean shuffleOptions = spec.participants() != null && spec.participants().shuffleOptions();
        boolean shuffleItems = spec.participants() == null || spec.participants().shuffleItems();
        if (shuffleOptions) {
            Collections.shuffle(labelOrder, new Random(seed));
        }
        for (int p = 0; p < spec.phases().size(); p++) {
            Phase phase = spec.phases().get(p);
            String name = phase.name() != null ? phase.name() : phase.type();
            switch (phase.type()) {
                case "consent", "instructions", "freetext", "questionnaire", "debrief" ->
                        steps.add(new Step(name, phase.type(), name, p, null, null, null, null, null, null, null));
                case "comprehension" -> {
                    int attempts = phase.maxAttempts() == null ? 2 : phase.maxAttempts();
                    for (int a = 1; a <= attempts; a++) {
                        steps.add(new Step(name + "#" + a, "comprehension", name, p, null, null, null, null, null, a,
                                null));
                    }
                }
                default -> trials(spec, phase, name, p, group, seed, shuffleItems, shuffleOptions, labelOrder, steps);
            }
        }
        return steps;
    }

    private static void trials(StudySpec spec, Phase phase, String name, int p, int group, long seed,
            boolean shuffleItems, boolean shuffleOptions, List<String> labelOrder, List<Step> steps) {
        List<Trial> trials = phaseTrials(spec, phase, group, seed * 31 + p, shuffleItems);
        boolean keyedByCondition = isSequence(spec, group);
        List<AttentionCheck> checks = phase.attentionChecks() == null ? List.of() : phase.attentionChecks();
        String kind = phase.type().equals("ratings") ? "rating" : phase.type();
        List<String> options = phase.type().equals("learning") || phase.type().equals("ratings") ? null : labelOrder;
        for (int i = 0; i <= trials.size(); i++) {
            for (AttentionCheck c : checks) {
                // a check placed after more trials than this participant's list has comes last
                if (Math.min(c.position(), trials.size()) == i) {
                    List<String> opts = new ArrayList<>(c.options());
                    if (shuffleOptions) {
                        Collections.shuffle(opts, new Random(seed * 17 + c.id().hashCode()));
                    }
                    steps.add(new Step(name + ":attention:" + c.id(), "attention", name, p, null, null, null, null,
                            c.id(), null, opts));
                }
            }
            if (i == trials.size()) {
                break;
            }
            String item = trials.get(i).item();
            StudySpec.Condition condition = spec.condition(trials.get(i).condition());
            String explanation = phase.explanationShown() ? condition.explanation() : "none";
            String key = name + ":" + item + (keyedByCondition ? "@" + condition.id() : "");
            if (phase.type().equals("counterfactual")) {
                for (StudySpec.Perturbation pert : spec.item(item).perturbations()) {
                    steps.add(new Step(key + ":" + pert.id(), kind, name, p, item, pert.id(),
                            condition.id(), explanation, null, null, options));
                }
            } else {
                steps.add(new Step(key, kind, name, p, item, null, condition.id(), explanation, null,
                        null, options));
            }
        }
    }

    private static boolean isSequence(StudySpec spec, int group) {
        return spec.design().type().equals("lists") && spec.design().lists().get(group).isSequence();
    }

    /**
     * The (item, condition) trials of a phase for a group, in the order shown: the phase's items in their
     * conditions (shuffled when items are), or, for a trial sequence, the sequence's trials on the phase's items
     * in the sequence's order (shuffled unless it is {@code fixed}).
     */
    static List<Trial> phaseTrials(StudySpec spec, Phase phase, int group, long seed, boolean shuffleItems) {
        List<Trial> trials = new ArrayList<>();
        boolean shuffle = shuffleItems;
        if (isSequence(spec, group)) {
            TrialList list = spec.design().lists().get(group);
            Set<String> items = new HashSet<>(phase.items());
            list.trials().stream().filter(t -> items.contains(t.item())).forEach(trials::add);
            shuffle = list.shuffled(shuffleItems);
        } else {
            for (String item : phase.items()) {
                StudySpec.Condition c = conditionOf(spec, group, item);
                if (c != null) {
                    trials.add(new Trial(item, c.id()));
                }
            }
        }
        if (shuffle) {
            Collections.shuffle(trials, new Random(seed));
        }
        return trials;
    }
}
