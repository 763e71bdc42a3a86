package org.xstudy.console.wizard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.study.spec.StudySpec;
import org.xstudy.study.spec.StudySpec.Trial;
import org.xstudy.study.spec.StudySpec.TrialList;

/**
 * The design the wizard writes: between or within subjects as the spec names them, or a {@code lists} design of
 * trial sequences, so that a participant sees items under several conditions (Feldhus et al. 2023): a generated
 * Latin square, or sequences uploaded as CSV ({@link TrialCsv}).
 */
final class WizardDesign {

    static final List<String> DESIGNS = List.of("between", "within", "latin", "sequences");

    private WizardDesign() {}

    /** Records an error for a design or trial order the form does not offer. */
    static void check(WizardForm f) {
        if (!DESIGNS.contains(f.design)) {
            f.error("design", "Choose between subjects, within subjects, a Latin square of trial sequences or "
                    + "uploaded trial sequences.");
        }
        if (sequences(f) && !f.trialOrder.equals(TrialList.FIXED) && !f.trialOrder.equals(TrialList.RANDOM)) {
            f.error("trialOrder", "Choose a fixed order or one shuffled for each participant.");
        }
    }

    /** Whether the design is one of trial sequences (the spec's {@code lists}). */
    static boolean sequences(WizardForm f) {
        return f.design.equals("latin") || f.design.equals("sequences");
    }

    /**
     * The design for items (ids in spec order) and conditions, or null with the form's errors set.
     *
     * A condition in the CSV may be named by its id, its explanation type or the form's name for that type
     * ({@code template} for {@code verbalization}).
     */
    static StudySpec.Design of(WizardForm f, List<String> items, List<StudySpec.Condition> conditions) {
        if (!sequences(f)) {
            return new StudySpec.Design(f.design, null);
        }
        List<String> ids = conditions.stream().map(StudySpec.Condition::id).toList();
        List<TrialList> lists;
        if (f.design.equals("latin")) {
            Integer perItem = f.integer("perItem", f.perItem, 1, ids.size());
            lists = perItem == null ? null : latinSquare(items, ids, perItem, f.trialOrder);
        } else {
            Map<String, String> names = new LinkedHashMap<>();
            conditions.forEach(c -> names.put(c.id(), c.id()));
            conditions.forEach(c -> names.putIfAbsent(c.explanation(), c.id()));
            WizardForm.TYPE_KEYS.forEach((form, key) -> {
                if (names.containsKey(key)) {
                    names.putIfAbsent(form, names.get(key));
                }
            });
            lists = TrialCsv.lists(f, items, names, ids);
        }
        return lists == null ? null : new StudySpec.Design("lists", lists);
    }

    /**
     * K lists for K conditions. List {@code l} shows item {@code i} under conditions {@code (i + l + j) mod K} for
     * {@code j < perItem}: across the K lists every item comes under every condition {@code perItem} times, and
     * within a list the conditions take equal shares of the trials when the items are a multiple of K. The trials
     * are laid out in rounds (every item once, then every item under its next condition), so that an item's
     * repeats are far apart in a fixed order.
     */
    static List<TrialList> latinSquare(List<String> items, List<String> conditions, int perItem, String order) {
        int k = conditions.size();
        List<TrialList> lists = new ArrayList<>();
        for (int l = 0; l < k; l++) {
            List<Trial> trials = new ArrayList<>();
            for (int j = 0; j < perItem; j++) {
                for (int i = 0; i < items.size(); i++) {
                    trials.add(new Trial(items.get(i), conditions.get((i + l + j) % k)));
                }
            }
            lists.add(new TrialList("L" + (l + 1), null, trials, order));
        }
        return lists;
    }
}
