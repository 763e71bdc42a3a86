package org.xstudy.console.wizard;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.study.spec.StudySpec;
import org.xstudy.study.spec.StudySpec.Phase;

/**
 * The phases the wizard lays out, in order: consent, instructions, the comprehension check, pre-test, learning,
 * post-test, counterfactual simulation, ratings and debriefing, each trial phase with its block of items and the
 * attention check in the first of post-test, pre-test or counterfactual phase.
 */
final class WizardPhases {

    private WizardPhases() {}

    static List<Phase> of(WizardForm f, List<String> groups, List<List<String>> blocks) {
        List<Phase> phases = new ArrayList<>();
        phases.add(text("consent", null, f.consent));
        if (!f.instructions.isEmpty()) {
            phases.add(text("instructions", null, f.instructions));
        }
        if (f.comprehension) {
            phases.add(new Phase("comprehension", null, null, "Before you start, please answer this question about "
                    + "your task.", null, null, null, null, List.of(new StudySpec.Question("task",
                    "What do you predict in this study?", null, List.of("What the model will say",
                    "What the right answer is", "What I would say myself"), "What the model will say", null, null,
                    null, null, null)), 1.0, 2, null));
        }
        List<String> test = groups.contains("test") ? block(groups, blocks, "test") : List.of();
        String checked = f.attention ? (f.phase("post") ? "post" : f.phase("pre") ? "pre" : "counterfactual") : "";
        if (f.phase("pre")) {
            phases.add(trial("forward", "pre", "Round 1: predict the model", test, false, checked));
        }
        if (f.phase("learning")) {
            phases.add(new Phase("learning", null, "Learn how the model behaves", "Here is what the model predicted "
                    + "for some texts, with an explanation.", block(groups, blocks, "learning"), null, null, null,
                    null, null, null, null));
        }
        if (f.phase("post")) {
            phases.add(trial("forward", "post", f.phase("pre") ? "Round 2: predict the model"
                    : "Predict the model", test, !f.phase("learning"), checked));
        }
        if (f.phase("counterfactual")) {
            phases.add(trial("counterfactual", null, "What if the text were different?",
                    block(groups, blocks, "counterfactual"), true, checked));
        }
        if (f.phase("ratings")) {
            // the scales are set as the predefined "helpfulness" and "ease" in the tree
            phases.add(new Phase("ratings", null, "Rate the explanations", null, block(groups, blocks, "ratings"),
                    null, null, null, null, null, null, null));
        }
        phases.add(text("debrief", null, f.debrief));
        return phases;
    }

    private static Phase trial(String type, String name, String title, List<String> items, boolean explain,
            String checked) {
        String id = name == null ? type : name;
        List<StudySpec.AttentionCheck> checks = id.equals(checked) ? List.of(new StudySpec.AttentionCheck("ac1", 1,
                "To show that you are reading carefully, please choose \"Strongly disagree\".", List.of(
                        "Strongly agree", "Agree", "Disagree", "Strongly disagree"), "Strongly disagree")) : null;
        return new Phase(type, name, title, null, items, explain, null, null, null, null, null, checks);
    }

    private static Phase text(String type, String title, String text) {
        return new Phase(type, null, title, text, null, null, null, null, null, null, null, null);
    }

    private static List<String> block(List<String> groups, List<List<String>> blocks, String group) {
        return blocks.get(groups.indexOf(group));
    }
}
