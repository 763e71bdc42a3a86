package org.xstudy.study.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.xstudy.explain.TokenScore;

/**
 * An explanation payload of an item, one of five kinds: {@code token-scores} (a heatmap), {@code text} (a
 * verbalization), {@code counterfactual} (an edited input with the model's new output), {@code examples}, and
 * {@code composite}: several of the item's other explanations shown together, named in {@code parts} (Hase and
 * Bansal's Composite condition). In a spec, {@code ref} may instead name an explanation the engine generated; it
 * is resolved and frozen at import.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Payload(
        String kind,
        String ref,
        String method,
        List<TokenScore> tokens,
        String text,
        String editedText,
        StudySpec.Prediction prediction,
        List<Example> examples,
        Map<String, Object> provenance,
        List<String> parts) {

    /** A payload of one of the first four kinds (no parts). */
    public Payload(String kind, String ref, String method, List<TokenScore> tokens, String text, String editedText,
            StudySpec.Prediction prediction, List<Example> examples, Map<String, Object> provenance) {
        this(kind, ref, method, tokens, text, editedText, prediction, examples, provenance, null);
    }

    public static final String TOKEN_SCORES = "token-scores";
    public static final String TEXT = "text";
    public static final String COUNTERFACTUAL = "counterfactual";
    public static final String EXAMPLES = "examples";
    public static final String COMPOSITE = "composite";
    public static final List<String> KINDS = List.of(TOKEN_SCORES, TEXT, COUNTERFACTUAL, EXAMPLES, COMPOSITE);
    /** Most explanations one composite shows. */
    public static final int MAX_PARTS = 6;

    /** A similar example with its gold label and the model's prediction. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Example(String text, String gold, String prediction, Double similarity) {}
}
