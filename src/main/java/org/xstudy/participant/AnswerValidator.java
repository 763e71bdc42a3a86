package org.xstudy.participant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xstudy.common.Problem.FieldError;
import org.xstudy.common.ProblemException;
import org.xstudy.study.spec.StudySpec;
import org.xstudy.study.spec.StudySpec.Phase;
import org.xstudy.study.spec.StudySpec.Question;
import org.xstudy.study.spec.StudySpec.Scale;

/**
 * Checks the form a participant submitted for a step against the spec and turns it into answer rows. Field names:
 * {@code consent}, {@code guess}, {@code choice}, {@code rating.<scale>}, {@code q.<question>}. Every error is
 * reported at once and nothing is written for a form with any error.
 */
public final class AnswerValidator {

    public static final int MAX_TEXT_ANSWER = 5_000;

    private AnswerValidator() {}

    /** One answer row to store: the question it answers, the answer, and how it scores. */
    public record Row(String question, String answer, Boolean correct, String modelOutput, String gold) {}

    public static List<Row> rows(StudySpec spec, Step step, Map<String, String> form) {
        Phase phase = spec.phases().get(step.phaseIndex());
        List<Row> rows = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        switch (step.kind()) {
            case "consent" -> {
                String v = form.get("consent");
                if (!"yes".equals(v) && !"no".equals(v)) {
                    errors.add(new FieldError("/consent", "Choose whether you agree to take part."));
                } else {
                    rows.add(new Row("consent", v, v.equals("yes"), null, null));
                }
            }
            case "instructions", "learning", "debrief" -> rows.add(new Row("ack", "continue", null,
                    step.isTrial() ? spec.item(step.item()).prediction().label() : null,
                    step.isTrial() ? spec.item(step.item()).gold() : null));
            case "comprehension" -> {
                for (Question q : phase.questions()) {
                    String v = choice(form, "q." + q.id(), q.options(), errors);
                    if (v != null) {
                        rows.add(new Row(q.id(), v, v.equals(q.answer()), null, null));
                    }
                }
            }
            case "attention" -> {
                StudySpec.AttentionCheck check = phase.attentionChecks().stream()
                        .filter(c -> c.id().equals(step.check())).findFirst().orElseThrow();
                String v = choice(form, "choice", check.options(), errors);
                if (v != null) {
                    rows.add(new Row("attention", v, v.equals(check.answer()), null, null));
                }
            }
            case "forward", "counterfactual" -> {
                StudySpec.Item item = spec.item(step.item());
                String output = step.perturbation() == null ? item.prediction().label()
                        : item.perturbation(step.perturbation()).prediction().label();
                String gold = step.perturbation() == null ? item.gold() : null;
                String v = choice(form, "guess", phase.offersDontKnow() ? withDontKnow(spec.labels())
                        : spec.labels(), errors);
                if (v != null) {
                    rows.add(new Row("guess", v, v.equals(output), output, gold));
                }
                ratings(phase, form, rows, errors, output, gold);
            }
            case "rating" -> {
                StudySpec.Item item = spec.item(step.item());
                ratings(phase, form, rows, errors, item.prediction().label(), item.gold());
            }
            case "freetext", "questionnaire" -> {
                for (Question q : phase.questions()) {
                    String v = question(form, q, errors);
                    if (v != null) {
                        rows.add(new Row(q.id(), v, null, null, null));
                    }
                }
            }
            default -> throw new IllegalStateException("unknown step kind " + step.kind());
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return rows;
    }

    /** The labels and "I don't know": a participant may say so, and the answer counts as incorrect. */
    static List<String> withDontKnow(List<String> labels) {
        List<String> options = new ArrayList<>(labels);
        options.add(StudySpec.DONT_KNOW);
        return options;
    }

    /** The client-measured response time in ms, or null when absent or implausible. */
    public static Integer clientMillis(Map<String, String> form) {
        String v = form.get("rt");
        if (v == null || v.isBlank() || v.length() > 9) {
            return null;
        }
        try {
            int ms = Integer.parseInt(v.trim());
            return ms >= 0 && ms <= 86_400_000 ? ms : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void ratings(Phase phase, Map<String, String> form, List<Row> rows, List<FieldError> errors,
            String output, String gold) {
        if (phase.ratings() == null) {
            return;
        }
        for (Scale s : phase.ratings()) {
            Integer v = intIn(form, "rating." + s.id(), 1, s.points(), true, errors);
            if (v != null) {
                rows.add(new Row(s.id(), String.valueOf(v), null, output, gold));
            }
        }
    }

    private static String question(Map<String, String> form, Question q, List<FieldError> errors) {
        String field = "q." + q.id();
        String raw = form.get(field);
        boolean empty = raw == null || raw.isBlank();
        if (empty) {
            if (q.isRequired()) {
                errors.add(new FieldError("/" + field, "Please answer this question."));
            }
            return empty && !q.isRequired() ? "" : null;
        }
        return switch (q.type()) {
            case "choice" -> choice(form, field, q.options(), errors);
            case "likert" -> {
                Integer v = intIn(form, field, 1, q.points(), true, errors);
                yield v == null ? null : String.valueOf(v);
            }
            case "number" -> {
                Integer v = intIn(form, field, q.min() == null ? Integer.MIN_VALUE : q.min(),
                        q.max() == null ? Integer.MAX_VALUE : q.max(), true, errors);
                yield v == null ? null : String.valueOf(v);
            }
            default -> {
                if (raw.length() > MAX_TEXT_ANSWER) {
                    errors.add(new FieldError("/" + field, "Please keep this answer under " + MAX_TEXT_ANSWER
                            + " characters."));
                    yield null;
                }
                if (!org.xstudy.common.Text.storable(raw)) {
                    errors.add(new FieldError("/" + field, "This answer contains characters that are not allowed."));
                    yield null;
                }
                yield raw.strip();
            }
        };
    }

    private static String choice(Map<String, String> form, String field, List<String> options,
            List<FieldError> errors) {
        String v = form.get(field);
        if (v == null || v.isEmpty()) {
            errors.add(new FieldError("/" + field, "Please choose an answer."));
            return null;
        }
        if (!options.contains(v)) {
            errors.add(new FieldError("/" + field, "This is not one of the offered answers."));
            return null;
        }
        return v;
    }

    private static Integer intIn(Map<String, String> form, String field, int min, int max, boolean required,
            List<FieldError> errors) {
        String v = form.get(field);
        if (v == null || v.isBlank()) {
            if (required) {
                errors.add(new FieldError("/" + field, "Please give a rating."));
            }
            return null;
        }
        try {
            if (v.length() > 11) {
                throw new NumberFormatException();
            }
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                errors.add(new FieldError("/" + field, "Must be between " + min + " and " + max + "."));
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add(new FieldError("/" + field, "Must be a whole number."));
            return null;
        }
    }
}
