package org.xstudy.represent.counterfactual;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerME;

/**
 * Universal Dependencies part-of-speech tags from Apache OpenNLP's English model (Maven
 * {@code org.apache.opennlp:opennlp-models-pos-en:1.3.0}, a maximum-entropy tagger trained on UD English-EWT). The
 * model is read once per application and shared; {@link POSTaggerME} keeps per-sentence state and is not
 * thread-safe, so each thread gets its own tagger over the shared model.
 */
public final class PosTagger {

    static final String MODEL_RESOURCE = "opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";
    private static volatile POSModel model;
    private static final ThreadLocal<POSTaggerME> TAGGER =
            ThreadLocal.withInitial(() -> new POSTaggerME(model(), POSTagFormat.UD));

    private PosTagger() {}

    /** The UD tag of each token ({@code NOUN}, {@code VERB}, {@code DET}, ...), tagged as one sentence. */
    public static List<String> tag(List<String> tokens) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        return List.of(TAGGER.get().tag(tokens.toArray(String[]::new)));
    }

    private static POSModel model() {
        if (model == null) {
            synchronized (PosTagger.class) {
                if (model == null) {
                    try (InputStream in = PosTagger.class.getClassLoader().getResourceAsStream(MODEL_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("the OpenNLP English POS model is not on the class path");
                        }
                        model = new POSModel(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException("the OpenNLP English POS model could not be read", e);
                    }
                }
            }
        }
        return model;
    }
}
