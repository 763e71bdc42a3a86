package org.xstudy.represent.counterfactual;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of counterfactual search ({@code xstudy.counterfactual.*}). */
@ConfigMapping(prefix = "xstudy.counterfactual")
public interface CounterfactualSettings {

    /**
     * The least lead of the flipped class over the runner-up for an edit to count as a counterfactual (0.2: with
     * two classes, the new class has at least 60 %, so no flip sits in the 50-60 % band where the model is unsure).
     */
    @WithDefault("0.2")
    double minMargin();
}
