package org.xstudy.model;

import java.util.List;

/**
 * A model whose layers can be re-initialised at random, for the model-randomisation sanity check of attribution
 * methods (Adebayo et al., "Sanity Checks for Saliency Maps", NeurIPS 2018).
 */
public interface RandomisableModel extends TextClassifier {

    /** Layer names from the output down: the order of cascading randomisation. */
    List<String> layersTopDown();

    /**
     * A new model, this one with its top {@code layers} layers re-initialised at random with {@code seed}; the
     * caller closes it when it is {@link AutoCloseable}.
     */
    TextClassifier randomised(int layers, long seed);
}
