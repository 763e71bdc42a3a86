package org.xstudy.model;

import java.util.List;

/**
 * A model whose layers can be re-initialised at random, for the model-randomisation sanity check of attribution
 * methods (Adebayo et al., "Sanity Checks for Saliency Maps", NeurIPS 2018). Randomisation always works on a
 * separate copy: the model that serves requests is never changed.
 */
public interface RandomisableModel extends TextClassifier {

    /** Layer names from the output down: the order of cascading randomisation. Empty when none can be. */
    List<String> layersTopDown();

    /**
     * A new model, this one with its top {@code layers} layers re-initialised at random with {@code seed}; the
     * caller closes it when it is {@link AutoCloseable}.
     */
    TextClassifier randomised(int layers, long seed);

    /** The names of the weight tensors that randomising {@code layer} re-initialises, for the record. */
    default List<String> tensorsOf(String layer) {
        return List.of(layer);
    }

    /** Why no layer of this model can be randomised, or null when {@link #layersTopDown()} is not empty. */
    default String randomisationProblem() {
        return layersTopDown().isEmpty() ? "the model has no layer that xstudy can re-initialise." : null;
    }

    /**
     * Cascading randomisation with {@code seed}: each {@link Cascade#next()} gives a model with one more layer
     * randomised, from the top. By default each step is a new {@link #randomised} copy; a model that can randomise
     * one loaded copy in place, layer after layer, overrides this to load it once.
     */
    default Cascade cascade(long seed) {
        return new Cascade() {
            private int layers;
            private TextClassifier current;

            @Override
            public TextClassifier next() {
                close();
                current = randomised(++layers, seed);
                return current;
            }

            @Override
            public void close() {
                if (current instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // a randomised copy that cannot be closed holds only memory
                    }
                }
                current = null;
            }
        };
    }

    /** The steps of one cascading randomisation; closing it frees the randomised copy. */
    interface Cascade extends AutoCloseable {

        /** The model with the next layer down randomised too; valid until the next call or {@link #close()}. */
        TextClassifier next();

        @Override
        void close();
    }
}
