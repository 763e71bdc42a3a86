package org.xstudy.explain.method;

import java.util.List;
import java.util.Map;
import org.xstudy.model.TextClassifier;

/**
 * An attribution method: scores each word of a text by how much it moves the model towards a target class.
 * Implementations are stateless and thread-safe; everything random is drawn from the {@code seed} parameter.
 */
public interface AttributionMethod {

    /** A stable id used in the API and in stored provenance, e.g. {@code integrated_gradients}. */
    String id();

    /** A human-readable name. */
    String title();

    /** The paper that defines the method. */
    String paper();

    /** True when the model must be a {@link org.xstudy.model.DifferentiableClassifier}. */
    boolean needsGradients();

    /** True when the method draws random numbers (it then has a {@code seed} parameter). */
    boolean sampled();

    /** The parameters this method takes. */
    List<ParamSpec> params();

    /** Checks the given parameters and fills in defaults. */
    default Params resolve(Map<String, ?> given) {
        return Params.resolve(params(), given);
    }

    /** Whether a run with these resolved parameters needs gradients (a wrapper may depend on its inner method). */
    default boolean needsGradients(Params params) {
        return needsGradients();
    }

    /**
     * Whether a run with these resolved parameters gives signed scores (a positive score speaks for the target
     * class, a negative one against it) or magnitudes (how strongly the output reacts to a word, with no
     * direction), which are shown on a one-colour scale and verbalized without "for" or "against".
     */
    default boolean signed(Params params) {
        return true;
    }

    /**
     * Explains the model's output for {@code target} on {@code text}.
     *
     * @param params resolved by {@link #resolve(Map)}
     * @throws UnsupportedModelException when the method needs gradients and the model has none
     */
    Attribution attribute(TextClassifier model, String text, int target, Params params);
}
