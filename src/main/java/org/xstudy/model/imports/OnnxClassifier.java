package org.xstudy.model.imports;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xstudy.model.RandomisableModel;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.bge.StaticQuantizer;
import org.xstudy.model.tokens.Batches;
import org.xstudy.model.tokens.OnnxInputs;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * An imported ONNX classifier on the DJL OnnxRuntime engine. It takes {@code input_ids} (and optionally
 * {@code attention_mask}, {@code token_type_ids}), int64 {@code [batch, length]}, and its first output is the
 * class logits {@code [batch, classes]}. ONNX Runtime has no gradients: model-agnostic methods only. A dynamically
 * quantized model runs one text per pass (see {@link #dynamicallyQuantized}).
 */
public final class OnnxClassifier extends ImportedClassifier implements RandomisableModel {

    /** The one layer of the sanity check: the classification head ({@link OnnxHead}). */
    public static final String HEAD = "head";

    private final Path file;
    private volatile Head head;

    private OnnxClassifier(String id, List<String> labels, int classes, Model model, PieceTokenizer tokenizer,
            int batchSize, Path file) {
        super(id, labels, classes, model, tokenizer, batchSize);
        this.file = file;
    }

    /**
     * Loads the model and checks it on a probe text.
     *
     * @throws ImportException naming the field at fault when the file is not a usable classifier
     */
    public static OnnxClassifier load(String id, Path file, PieceTokenizer tokenizer, List<String> labels,
            int batchSize) {
        Model model = open(id, file, "OnnxRuntime", "ONNX", Map.of());
        return checked(model, () -> {
            if (!OnnxInputs.supported(OnnxInputs.names(model))) {
                throw new ImportException("/modelPath", "The model's inputs " + OnnxInputs.names(model)
                        + " are not input_ids [+ attention_mask, token_type_ids].");
            }
            int classes = probe(model, tokenizer);
            checkClasses(classes, labels);
            return new OnnxClassifier(id, labels, classes, model, tokenizer,
                    dynamicallyQuantized(file) ? 1 : batchSize, file);
        });
    }

    /**
     * True for a model with {@code DynamicQuantizeLinear} nodes: they scale by the whole batch, so such a model
     * runs one text per pass to keep each text's output independent of the others; so does a file whose graph
     * cannot be read as an ONNX protobuf, as nothing then shows that batching is safe.
     */
    static boolean dynamicallyQuantized(Path file) {
        try {
            return StaticQuantizer.isDynamic(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            return true;
        } catch (IOException e) {
            throw new ImportException("/modelPath", "The model file cannot be read: " + e.getMessage());
        }
    }

    private static int probe(Model model, PieceTokenizer tokenizer) {
        Batches.Padded batch = Batches.Padded.of(List.of(tokenizer.tokenize("a probe text .")));
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray out = OnnxInputs.forward(model, manager, batch).get(0);
            if (out.getShape().dimension() != 2 || out.getShape().get(0) != 1) {
                throw new ImportException("/modelPath", "The first output has shape " + out.getShape()
                        + ", not [batch, classes].");
            }
            return (int) out.getShape().get(1);
        }
    }

    /** What {@link OnnxHead} found, kept without the parsed graph (as large as the model). */
    private record Head(List<String> tensors, String problem) {}

    private Head head() {
        Head h = head;
        if (h == null) {
            OnnxHead found = OnnxHead.of(bytes());
            h = new Head(found.tensors(), found.problem());
            head = h;
        }
        return h;
    }

    private byte[] bytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> layersTopDown() {
        return head().problem() == null ? List.of(HEAD) : List.of();
    }

    @Override
    public List<String> tensorsOf(String layer) {
        return HEAD.equals(layer) ? head().tensors() : List.of();
    }

    @Override
    public String randomisationProblem() {
        return head().problem();
    }

    /**
     * A separate session of a copy of the model bytes with the head re-initialised ({@link OnnxHead#randomised});
     * the served session is never touched. {@code layers} above 1 randomise nothing more: the head is the one
     * layer.
     */
    @Override
    public TextClassifier randomised(int layers, long seed) {
        if (layers < 1) {
            throw new IllegalArgumentException("randomise at least the head");
        }
        Path copy = null;
        try {
            copy = Files.createTempFile("xstudy-randomised-", ".onnx");
            Files.write(copy, OnnxHead.of(bytes()).randomised(seed));
            String copyId = id() + "~randomised";
            OnnxClassifier c = new OnnxClassifier(copyId, labels(), labels().size(),
                    open(copyId, copy, "OnnxRuntime", "ONNX", Map.of()), tokenizer, batchSize, file);
            c.sharesTokenizer();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (copy != null) {
                copy.toFile().delete();
            }
        }
    }

    @Override
    protected double[] logits(Batches.Padded batch) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            return OnnxInputs.forward(model, manager, batch).get(0).toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }
}
