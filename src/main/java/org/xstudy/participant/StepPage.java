package org.xstudy.participant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.xstudy.study.spec.StudySpec;
import org.xstudy.study.spec.StudySpec.Phase;

/**
 * Everything one step's page shows. Built from the spec and the step; texts are escaped by the template, and
 * {@link #explanationHtml} is the already-escaped fragment of the explanation renderers.
 */
public record StepPage(
        String studyTitle,
        boolean preview,
        String action,
        String stepKey,
        String kind,
        int number,
        int total,
        int percent,
        String heading,
        List<String> paragraphs,
        String itemText,
        String modelOutput,
        String explanationHtml,
        String perturbationText,
        String prompt,
        String optionField,
        List<String> options,
        String optionError,
        List<ScaleView> scales,
        List<QuestionView> questions,
        boolean retry,
        boolean hasErrors) {

    /** A Likert scale with one labelled radio button per point. */
    public record ScaleView(String field, String question, List<Point> points, String error) {}

    /** A point of a scale: its value and its label (empty for unlabelled middle points). */
    public record Point(int value, String label) {}

    /** A question of a comprehension, free-text or questionnaire page. */
    public record QuestionView(String field, String text, String type, List<String> options, List<Point> points,
            Integer min, Integer max, boolean required, String error) {}

    static StepPage of(StudySpec spec, Step step, StepEngine.Position position, String action, boolean preview,
            Map<String, String> errors) {
        Phase phase = spec.phases().get(step.phaseIndex());
        StudySpec.Item item = step.item() == null ? null : spec.item(step.item());
        String heading = phase.title() != null ? phase.title() : defaultHeading(step.kind());
        List<String> paragraphs = paragraphs(phase.text());
        String itemText = item == null ? null : item.text();
        String modelOutput = null;
        String explanation = null;
        String perturbation = null;
        String prompt = null;
        String optionField = null;
        List<String> options = List.of();
        List<ScaleView> scales = List.of();
        List<QuestionView> questions = List.of();
        switch (step.kind()) {
            case "consent" -> {
                optionField = "consent";
                options = List.of("yes", "no");
                prompt = "Do you agree to take part in this study?";
            }
            case "learning", "rating" -> {
                modelOutput = item.prediction().label();
                explanation = ExplanationHtml.of(item, step.explanation());
                scales = scales(phase, errors);
            }
            case "forward" -> {
                explanation = ExplanationHtml.of(item, step.explanation());
                if (Boolean.TRUE.equals(phase.showModelOutput())) {
                    modelOutput = item.prediction().label();
                }
                prompt = "What will the model predict for this text?";
                optionField = "guess";
                options = phase.offersDontKnow() ? AnswerValidator.withDontKnow(step.options()) : step.options();
                scales = scales(phase, errors);
            }
            case "counterfactual" -> {
                modelOutput = item.prediction().label();
                explanation = ExplanationHtml.of(item, step.explanation());
                perturbation = item.perturbation(step.perturbation()).text();
                prompt = "What will the model predict for the edited text?";
                optionField = "guess";
                options = phase.offersDontKnow() ? AnswerValidator.withDontKnow(step.options()) : step.options();
                scales = scales(phase, errors);
            }
            case "attention" -> {
                StudySpec.AttentionCheck check = phase.attentionChecks().stream()
                        .filter(c -> c.id().equals(step.check())).findFirst().orElseThrow();
                heading = "A quick check";
                paragraphs = List.of();
                prompt = check.text();
                optionField = "choice";
                options = step.options();
            }
            case "comprehension", "freetext", "questionnaire" -> questions = questions(phase, errors);
            default -> { }
        }
        int number = position.index() + 1;
        return new StepPage(spec.title(), preview, action, step.key(), step.kind(), number, position.total(),
                Math.round(100f * position.index() / Math.max(1, position.total())), heading, paragraphs, itemText,
                modelOutput, explanation, perturbation, prompt, optionField, options,
                optionField == null ? null : errors.get("/" + optionField), scales, questions,
                step.attempt() != null && step.attempt() > 1, !errors.isEmpty());
    }

    private static List<ScaleView> scales(Phase phase, Map<String, String> errors) {
        if (phase.ratings() == null) {
            return List.of();
        }
        List<ScaleView> views = new ArrayList<>();
        for (StudySpec.Scale s : phase.ratings()) {
            views.add(new ScaleView("rating." + s.id(), s.question(), points(s.points(), s.anchors()),
                    errors.get("/rating." + s.id())));
        }
        return views;
    }

    private static List<QuestionView> questions(Phase phase, Map<String, String> errors) {
        List<QuestionView> views = new ArrayList<>();
        for (StudySpec.Question q : phase.questions()) {
            views.add(new QuestionView("q." + q.id(), q.text(), q.type(), q.options(),
                    q.type().equals("likert") ? points(q.points(), q.anchors()) : List.of(), q.min(), q.max(),
                    q.isRequired(), errors.get("/q." + q.id())));
        }
        return views;
    }

    static List<Point> points(int n, List<String> anchors) {
        List<Point> points = new ArrayList<>();
        for (int v = 1; v <= n; v++) {
            String label = anchors.size() == n ? anchors.get(v - 1)
                    : v == 1 ? anchors.get(0) : v == n ? anchors.get(anchors.size() - 1) : "";
            points.add(new Point(v, label));
        }
        return points;
    }

    static List<String> paragraphs(String text) {
        return text == null ? List.of()
                : Arrays.stream(text.split("\\n\\s*\\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String defaultHeading(String kind) {
        return switch (kind) {
            case "consent" -> "Consent";
            case "instructions" -> "Instructions";
            case "comprehension" -> "Check your understanding";
            case "learning" -> "Learn how the model behaves";
            case "forward", "counterfactual" -> "Predict the model";
            case "rating" -> "Rate the explanation";
            case "freetext" -> "Your thoughts";
            case "questionnaire" -> "About you";
            case "debrief" -> "Thank you";
            default -> "";
        };
    }
}
