package org.xstudy.study.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A study specification, format version 1 (see docs/study-spec.md and the published JSON Schema). Instances are
 * only built from a tree that {@link SpecValidator} accepted, so every reference inside is known to resolve.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudySpec(
        int specVersion,
        String slug,
        String title,
        String description,
        List<String> labels,
        List<Item> items,
        List<Condition> conditions,
        Design design,
        List<Phase> phases,
        Participants participants) {

    public static final int CURRENT_VERSION = 1;

    /** The answer stored when a participant chooses "I don't know" in a prediction step: always incorrect. */
    public static final String DONT_KNOW = "dont_know";

    /** What a study's slug is, as said to whoever gives one that is not. */
    public static final String SLUG_RULE =
            "A slug is 3 to 63 lowercase letters, digits and '-', starting with a letter or digit.";

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{2,62}");

    /** True if {@code s} can be a study's slug (so a URL with anything else names no study). */
    public static boolean isSlug(String s) {
        return s != null && SLUG.matcher(s).matches();
    }

    /** A model input shown to participants, with the model's output and its explanations. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String id, String text, Prediction prediction, String gold, Map<String, Payload> explanations,
            List<Perturbation> perturbations, Map<String, Object> covariates) {

        public Item(String id, String text, Prediction prediction, String gold, Map<String, Payload> explanations,
                    List<Perturbation> perturbations) {
            this(id, text, prediction, gold, explanations, perturbations, null);
        }

        /** The item's covariates (none when it has none). */
        public Map<String, Object> covariatesOrEmpty() {
            return covariates == null ? Map.of() : covariates;
        }

        public Perturbation perturbation(String perturbationId) {
            return perturbations == null ? null
                    : perturbations.stream().filter(p -> p.id().equals(perturbationId)).findFirst().orElse(null);
        }
    }

    /** The model's predicted label and its class probabilities. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prediction(String label, Map<String, Double> probabilities) {}

    /** An edited version of an item's input with the model's output on it (counterfactual simulation). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Perturbation(String id, String text, Prediction prediction) {}

    /**
     * A condition shows one explanation type: a payload key of the items, or {@code none} or {@code placebo}.
     * {@code control: true} (on at most one condition) makes it the baseline the analysis compares the others with.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(String id, String explanation, Boolean control) {

        public Condition(String id, String explanation) {
            this(id, explanation, null);
        }

        public boolean showsNothing() {
            return "none".equals(explanation);
        }

        public boolean isControl() {
            return Boolean.TRUE.equals(control);
        }
    }

    /** How participants are assigned: {@code between}, {@code within} (Latin square) or explicit {@code lists}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Design(String type, List<TrialList> lists) {}

    /**
     * An explicit trial list, in one of two shapes: {@code conditions} maps each item to the one condition it is
     * shown in, or {@code trials} is a sequence of (item, condition) pairs, so that one participant can see an item
     * under several conditions. A sequence is shown in its own order ({@code order: fixed}) or shuffled per
     * participant ({@code order: random}); without {@code order} it follows {@code participants.randomizeItems}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrialList(String id, Map<String, String> conditions, List<Trial> trials, String order) {

        public static final String FIXED = "fixed";
        public static final String RANDOM = "random";

        public TrialList(String id, Map<String, String> conditions) {
            this(id, conditions, null, null);
        }

        /** Whether this list is a sequence of (item, condition) trials rather than an item → condition map. */
        @JsonIgnore
        public boolean isSequence() {
            return trials != null;
        }

        /** The list's trials in its order: its sequence, or its map's entries in item order of the map. */
        public List<Trial> trialsInOrder() {
            return isSequence() ? trials
                    : conditions.entrySet().stream().map(e -> new Trial(e.getKey(), e.getValue())).toList();
        }

        /** Whether trials are shuffled per participant, given the study's {@code randomizeItems}. */
        public boolean shuffled(boolean randomizeItems) {
            return order == null ? randomizeItems : order.equals(RANDOM);
        }
    }

    /** One trial of a trial sequence: an item shown under a condition. */
    public record Trial(String item, String condition) {}

    /** One phase of the study, in order. Which fields apply depends on {@code type}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Phase(
            String type,
            String name,
            String title,
            String text,
            List<String> items,
            Boolean showExplanation,
            Boolean showModelOutput,
            List<Scale> ratings,
            List<Question> questions,
            Double passCriterion,
            Integer maxAttempts,
            List<AttentionCheck> attentionChecks,
            Boolean dontKnow) {

        /** A phase without a "don't know" option. */
        public Phase(String type, String name, String title, String text, List<String> items, Boolean showExplanation,
                Boolean showModelOutput, List<Scale> ratings, List<Question> questions, Double passCriterion,
                Integer maxAttempts, List<AttentionCheck> attentionChecks) {
            this(type, name, title, text, items, showExplanation, showModelOutput, ratings, questions, passCriterion,
                    maxAttempts, attentionChecks, null);
        }

        public boolean explanationShown() {
            return showExplanation == null || showExplanation;
        }

        /** Whether a prediction step of this phase offers "I don't know" ({@link #DONT_KNOW}). */
        public boolean offersDontKnow() {
            return Boolean.TRUE.equals(dontKnow);
        }
    }

    /** A Likert scale with {@code points} points and text anchors for its ends (or for every point). */
    public record Scale(String id, String question, int points, List<String> anchors) {}

    /** A question: {@code choice}, {@code text}, {@code number} or {@code likert}. {@code answer} marks the right option. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Question(String id, String text, String type, List<String> options, String answer, Integer min,
            Integer max, Boolean required, Integer points, List<String> anchors) {

        public boolean isRequired() {
            return required == null || required;
        }
    }

    /** An instructed-response item inserted after {@code position} trials of its phase. */
    public record AttentionCheck(String id, int position, String text, List<String> options, String answer) {}

    /**
     * Participant-level settings: randomisation, capacity, timeout, and a code per way a session ends (Prolific's
     * completion code types COMPLETED, FIXED_SCREENOUT, NO_CONSENT and FAILED_ATTENTION_CHECK), with the URLs the
     * participant is sent to (see {@link #redirect}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Participants(
            Integer maxParticipants,
            Integer timeoutMinutes,
            Boolean randomizeItems,
            Boolean randomizeOptions,
            String completionCode,
            String screenOutCode,
            String noConsentCode,
            String failedAttentionCode,
            Integer attentionFailLimit,
            String completionUrl,
            String screenOutUrl) {

        /** Attention checks a participant may fail and still get the completion code (Prolific: two failures). */
        public int attentionFailures() {
            return attentionFailLimit == null ? 2 : attentionFailLimit;
        }

        /**
         * Where a participant who ended with {@code code} is sent: {@code screenOutUrl} for the screen-out code when
         * there is one, else {@code completionUrl}, with {@code {code}} replaced by the code. A URL without
         * {@code {code}} serves the completion code only (it cannot say which outcome it was).
         */
        public String redirect(String code) {
            if (code == null) {
                return null;
            }
            String url = code.equals(screenOutCode) && screenOutUrl != null ? screenOutUrl : completionUrl;
            if (url == null) {
                return null;
            }
            if (url.contains("{code}")) {
                return url.replace("{code}", java.net.URLEncoder.encode(code, java.nio.charset.StandardCharsets.UTF_8));
            }
            return code.equals(completionCode) || url.equals(screenOutUrl) ? url : null;
        }

        public int timeout() {
            return timeoutMinutes == null ? 60 : timeoutMinutes;
        }

        public boolean shuffleItems() {
            return randomizeItems == null || randomizeItems;
        }

        public boolean shuffleOptions() {
            return randomizeOptions != null && randomizeOptions;
        }
    }

    public Item item(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    /** The id of the condition flagged {@code control: true}, or null when none is (no control comparisons). */
    public String control() {
        return conditions.stream().filter(Condition::isControl).map(Condition::id).findFirst().orElse(null);
    }

    public Condition condition(String id) {
        return conditions.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }
}
