package org.xstudy.export;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.study.spec.StudySpec;
import org.xstudy.study.spec.StudySpec.Phase;

/** What the codebook says about a study's phases: the steps of each, and the questions asked outside trials. */
final class CodebookSteps {

    private CodebookSteps() {
    }

    static String name(Phase p) {
        return p.name() != null ? p.name() : p.type();
    }

    /**
     * The steps of a phase, with the question each step's answer rows carry in the long CSV; with
     * {@code sequences} (a design of trial sequences) a step is one (item, condition) trial of the participant's
     * list, so an item may have several.
     */
    static String describe(Phase p, boolean sequences) {
        String base = describe(p);
        return sequences ? base.replace("1 step per item (", "1 step per (item, condition) trial of the participant's "
                + "list on the phase's items (") : base;
    }

    /** The steps of a phase, with the question each step's answer rows carry in the long CSV. */
    static String describe(Phase p) {
        int n = p.items() == null ? 0 : p.items().size();
        String shown = p.explanationShown() ? "; the explanation is shown" : "; no explanation is shown";
        String base = switch (p.type()) {
            case "consent" -> "1 step: the consent form (question consent, answer yes or no)";
            case "instructions", "debrief" -> "1 step: the text (question ack, answer continue)";
            case "comprehension" -> "1 step per attempt (at most " + (p.maxAttempts() == null ? 2 : p.maxAttempts())
                    + "), each with all its questions (question = the question id)";
            case "learning" -> "1 step per item (" + n + "): the model's output" + shown + " (question ack)";
            case "forward" -> "1 step per item (" + n + "): guess the model's output (question guess)" + shown
                    + scales(p);
            case "counterfactual" -> "1 step per perturbation of each item (" + n + " items): guess the model's "
                    + "output on the edited text (question guess)" + shown + scales(p);
            case "ratings" -> "1 step per item (" + n + "): rate the explanation" + scales(p);
            default -> "1 step with all its questions (question = the question id; one wide CSV column each)";
        };
        if (p.attentionChecks() == null || p.attentionChecks().isEmpty()) {
            return base;
        }
        return base + "; attention checks (question attention): " + String.join(", ", p.attentionChecks().stream()
                .map(c -> c.id() + " after trial " + c.position()).toList());
    }

    private static String scales(Phase p) {
        return p.ratings() == null || p.ratings().isEmpty() ? "" : "; rated on " + String.join(", ",
                p.ratings().stream().map(StudySpec.Scale::id).toList()) + " (question = the scale id)";
    }

    /** Every question outside the trials: attention and comprehension checks, then questionnaire questions. */
    static List<Codebook.QuestionEntry> questions(StudySpec spec, Questionnaire questionnaire) {
        List<Codebook.QuestionEntry> out = new ArrayList<>();
        for (Phase p : spec.phases()) {
            String phase = name(p);
            if (p.attentionChecks() != null) {
                p.attentionChecks().forEach(c -> out.add(new Codebook.QuestionEntry(phase, c.id(), "attention",
                        "choice", c.text(), c.options(), c.answer(), null)));
            }
            if (p.type().equals("comprehension")) {
                p.questions().forEach(q -> out.add(new Codebook.QuestionEntry(phase, q.id(), "comprehension",
                        q.type(), q.text(), q.options(), q.answer(), null)));
            }
        }
        questionnaire.questions().forEach(q -> out.add(new Codebook.QuestionEntry(q.phase(), q.id(),
                spec.phases().stream().filter(p -> name(p).equals(q.phase())).findFirst().orElseThrow().type(),
                q.type(), q.text(), q.options(), null, q.column())));
        return out;
    }
}
