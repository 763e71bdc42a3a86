package org.xstudy.represent.verbal;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sentence templates of the model-free verbalizer (set {@value #VERSION}). Slots: {@code {E}} evidence words
 * for the label, {@code {C}} counter-evidence words, {@code {S}} a passage of consecutive supporting words,
 * {@code {L}} the explained label, {@code {P}} the model's confidence in it. The last three are for magnitudes
 * (e.g. absolute saliency), which say how strongly the output reacts to a word but not in which direction: they
 * use no direction words ("for", "against", "because of"). {@code {Ewords}} / {@code {Espeak}}
 * (and the same for C) agree in number with the slot: "word ... speaks" or "words ... speak".
 */
public enum Template {
    EVIDENCE("The {Ewords} {E} {Espeak} most for {L}."),
    COUNTER_EVIDENCE("The {Cwords} {C} {Cspeak} most against {L}."),
    EVIDENCE_AND_COUNTER("The {Ewords} {E} {Espeak} for {L}, while {C} {Cspeak} against it."),
    PASSAGE("The passage {S} speaks most for {L}."),
    CONFIDENCE("The model predicts {L} with {P} confidence."),
    CONFIDENCE_AND_EVIDENCE("The model predicts {L} with {P} confidence, mostly because of {E}."),
    CONFIDENCE_EVIDENCE_AND_COUNTER(
            "The model predicts {L} with {P} confidence, mostly because of {E} and despite {C}."),
    NO_EVIDENCE("No word speaks for or against {L}."),
    /** For magnitudes (no direction): the words the model's output reacts to most. */
    SENSITIVE("The model was most sensitive to the {Ewords} {E}."),
    CONFIDENCE_AND_SENSITIVE("The model predicts {L} with {P} confidence; it was most sensitive to the {Ewords} {E}."),
    NO_SENSITIVITY("No word had a measurable influence on the model.");

    /** v2 added the templates for magnitudes; the templates for signed scores are those of v1. */
    public static final String VERSION = "templates-v2";

    private final String pattern;

    Template(String pattern) {
        this.pattern = pattern;
    }

    public String pattern() {
        return pattern;
    }

    /** Whether the template is for magnitudes: it states no direction. */
    public boolean forMagnitudes() {
        return this == SENSITIVE || this == CONFIDENCE_AND_SENSITIVE || this == NO_SENSITIVITY;
    }

    public boolean needs(String slot) {
        return pattern.contains("{" + slot + "}");
    }

    /** Every word the templates themselves contribute, lower-cased: the fixed text plus the agreement forms. */
    public static Set<String> fixedWords() {
        String all = Arrays.stream(values()).map(t -> t.pattern.replaceAll("\\{[A-Z]\\}", " "))
                .collect(Collectors.joining(" ")) + " word words speak speaks and";
        return Arrays.stream(all.replaceAll("\\{[A-Za-z]+\\}", " ").toLowerCase().split("[^a-z]+"))
                .filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }
}
