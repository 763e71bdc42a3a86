package org.xstudy.model.imports;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.xstudy.model.bge.SoftmaxRegression;
import org.xstudy.model.tokens.Batches;
import org.xstudy.model.tokens.NamedClassifier;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * An imported model that maps a padded batch of token ids to class logits; probabilities are their softmax.
 * Texts go through in sub-batches of {@code batchSize}, sorted by length.
 */
abstract class ImportedClassifier extends NamedClassifier implements AutoCloseable {

    protected final Model model;
    protected final PieceTokenizer tokenizer;
    protected final int batchSize;
    /** False for a randomised copy, which shares the served model's tokenizer and must leave it open. */
    private boolean ownsTokenizer = true;

    protected ImportedClassifier(String id, List<String> labels, int classes, Model model, PieceTokenizer tokenizer,
            int batchSize) {
        super(id, labels, classes);
        this.model = model;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
    }

    /**
     * Loads a model file on a DJL engine with the engine's load {@code options}; a file the engine cannot read is
     * an error of {@code /modelPath}.
     */
    static Model open(String id, Path file, String engine, String format, Map<String, String> options) {
        Model model = Model.newInstance(id, engine);
        try {
            model.load(file, null, options);
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ImportException("/modelPath", "The file is not a " + format + " model: " + e.getMessage());
        }
    }

    /**
     * Runs the checks that build a classifier from a loaded model; on failure closes the model and reports the
     * failure as an error of {@code /modelPath} (or of the field the check names).
     */
    static <T> T checked(Model model, Supplier<T> build) {
        try {
            return build.get();
        } catch (ImportException e) {
            model.close();
            throw e;
        } catch (RuntimeException e) {
            model.close();
            throw new ImportException("/modelPath", "The model fails on a probe text: " + e.getMessage());
        }
    }

    /** Marks this model as a copy that shares another model's tokenizer: closing it leaves the tokenizer open. */
    void sharesTokenizer() {
        ownsTokenizer = false;
    }

    @Override
    public void close() {
        model.close();
        if (ownsTokenizer) {
            tokenizer.close();
        }
    }

    /** The logits of a padded batch, flattened {@code [batch * classes]}. */
    protected abstract double[] logits(Batches.Padded batch);

    @Override
    public double[][] predictProba(List<String> texts) {
        return Batches.run(texts.stream().map(tokenizer::tokenize).toList(), batchSize, batch -> {
            double[] flat = logits(batch);
            int classes = labels().size();
            double[][] out = new double[batch.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = SoftmaxRegression.softmax(Arrays.copyOfRange(flat, i * classes, (i + 1) * classes));
            }
            return out;
        });
    }

    /** The class-count check every import makes after its probe. */
    static void checkClasses(int classes, List<String> labels) {
        if (classes != labels.size()) {
            throw new ImportException("/labels", "The model gives " + classes + " class scores but "
                    + labels.size() + " labels were given.");
        }
    }
}
