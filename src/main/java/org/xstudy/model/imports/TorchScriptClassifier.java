package org.xstudy.model.imports;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.RandomisableModel;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.cnn.Torch;
import org.xstudy.model.tokens.Batches;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * An imported TorchScript classifier on the DJL PyTorch engine: {@code forward(input_ids, attention_mask)} with
 * int64 {@code [batch, length]} inputs gives the class logits {@code [batch, classes]}. Gradient methods need the
 * convention of {@link DifferentiableTorchScriptClassifier}; without it the model is a plain text classifier.
 * Exported methods other than {@code forward} run without autograd in DJL, which is why the convention routes
 * the embeddings through {@code forward}.
 */
public class TorchScriptClassifier extends ImportedClassifier implements RandomisableModel {

    public static final String EMBED = "embed";

    /**
     * DJL's load option that loads the module outside libtorch's inference mode. Without it every parameter of
     * the module (an {@code nn.Embedding}, {@code nn.Conv1d} or {@code nn.Linear} weight) is an inference tensor,
     * and any backward pass through it fails with "Inference tensors cannot be saved for backward". DJL then
     * marks the parameters trainable; they are frozen again right after loading, so a backward pass computes
     * gradients for the input embeddings only.
     */
    static final String TRAIN_PARAM = "trainParam";

    /** The text every import is checked on. */
    static final String PROBE = "a probe text .";

    protected final PtSymbolBlock block;
    /** The model file, which a randomised copy is loaded from. */
    protected final Path file;
    private volatile Map<String, List<String>> layers;
    /** Guards {@link #spare}: one sanity check at a time uses it. */
    private final ReentrantLock spareLock = new ReentrantLock();
    /** The copy the sanity check randomises, loaded once and restored to the served weights before each check. */
    private TorchScriptClassifier spare;

    protected TorchScriptClassifier(String id, List<String> labels, int classes, Model model, PieceTokenizer tokenizer,
            int batchSize, Path file) {
        super(id, labels, classes, model, tokenizer, batchSize);
        this.block = (PtSymbolBlock) model.getBlock();
        this.file = file;
    }

    /** A loaded model and, when it cannot run gradient methods, why. */
    public record Loaded(TorchScriptClassifier classifier, String gradientProblem) {}

    /**
     * Loads the file, checks {@code forward} on a probe text and checks the gradient convention.
     *
     * @throws ImportException naming the field at fault when the file is not a usable classifier
     */
    public static Loaded load(String id, Path file, PieceTokenizer tokenizer, List<String> labels, int batchSize) {
        Model model = open(id, file, Torch.ENGINE, "TorchScript", Map.of(TRAIN_PARAM, "true"));
        return checked(model, () -> {
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            block.freezeParameters(true);
            PieceTokenizer.Tokens probe = tokenizer.tokenize(PROBE);
            double[] logits;
            try (PtNDManager manager = (PtNDManager) model.getNDManager().newSubManager()) {
                NDArray out = forward(block, manager, Batches.Padded.of(List.of(probe)));
                if (out.getShape().dimension() != 2 || out.getShape().get(0) != 1) {
                    throw new ImportException("/modelPath", "forward gives shape " + out.getShape()
                            + ", not [batch, classes].");
                }
                logits = out.toType(DataType.FLOAT64, false).toDoubleArray();
            }
            checkClasses(logits.length, labels);
            String problem = gradientProblem(model, probe, logits);
            if (problem != null) {
                return new Loaded(new TorchScriptClassifier(id, labels, labels.size(), model, tokenizer, batchSize,
                        file),
                        problem);
            }
            var classifier = new DifferentiableTorchScriptClassifier(id, labels, model, tokenizer, batchSize,
                    file);
            classifier.checkBackward(PROBE);
            return new Loaded(classifier, null);
        });
    }

    private static String gradientProblem(Model model, PieceTokenizer.Tokens probe, double[] logits) {
        PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
        if (!Set.of(JniUtils.getMethodNames(block)).contains(EMBED)) {
            return "The TorchScript module exports no method " + EMBED + "(input_ids): gradient methods are "
                    + "unavailable, model-agnostic methods work (see the convention in docs/models.md).";
        }
        try (PtNDManager manager = (PtNDManager) model.getNDManager().newSubManager()) {
            Batches.Padded batch = Batches.Padded.of(List.of(probe));
            NDArray embedded = call(block, manager, EMBED, ids(manager, batch));
            NDArray embeddings = manager.create(embedded.toType(DataType.FLOAT32, false).toFloatArray(),
                    embedded.getShape());
            NDArray out = fromEmbeddings(block, manager, batch, embeddings, true);
            double[] again = out.toType(DataType.FLOAT64, false).toDoubleArray();
            for (int c = 0; c < logits.length; c++) {
                if (Math.abs(again[c] - logits[c]) > 1e-4 * Math.max(1, Math.abs(logits[c]))) {
                    return "forward(ids, mask, inputs_embeds=" + EMBED + "(ids)) differs from forward(ids, mask): "
                            + "gradient methods are unavailable.";
                }
            }
            return null;
        } catch (RuntimeException e) {
            return "forward(input_ids, attention_mask, inputs_embeds) fails on a probe text (" + e.getMessage()
                    + "): gradient methods are unavailable.";
        }
    }

    /** {@code forward(input_ids, attention_mask, inputs_embeds)}, with autograd when {@code grad} is set. */
    static NDArray fromEmbeddings(PtSymbolBlock block, PtNDManager manager, Batches.Padded batch,
            NDArray embeddings, boolean grad) {
        return IValueUtils.forward(block, new NDList(ids(manager, batch), mask(manager, batch), embeddings), grad)
                .singletonOrThrow();
    }

    static PtNDArray ids(NDManager manager, Batches.Padded batch) {
        return (PtNDArray) manager.create(batch.ids(), new Shape(batch.size(), batch.length()));
    }

    static PtNDArray mask(NDManager manager, Batches.Padded batch) {
        return (PtNDArray) manager.create(batch.mask(), new Shape(batch.size(), batch.length()));
    }

    /**
     * {@code forward(input_ids, attention_mask)}. It runs outside inference mode (DJL's training flag only lifts
     * the no-grad guard; the module stays in eval mode): TorchScript caches folded constants, and constants made
     * in inference mode could not take part in a later backward pass.
     */
    static NDArray forward(PtSymbolBlock block, PtNDManager manager, Batches.Padded batch) {
        return IValueUtils.forward(block, new NDList(ids(manager, batch), mask(manager, batch)), true)
                .singletonOrThrow();
    }

    /** Runs an exported method of the module on tensors and returns its tensor result. */
    static NDArray call(PtSymbolBlock block, PtNDManager manager, String method, PtNDArray... inputs) {
        IValue[] args = Arrays.stream(inputs).map(IValue::from).toArray(IValue[]::new);
        try (IValue out = IValueUtils.runMethod(block, method, args)) {
            return out.toTensor(manager);
        } finally {
            for (IValue a : args) {
                a.close();
            }
        }
    }

    /** The module's named parameters by layer, from the output down ({@link TorchScriptLayers}). */
    private Map<String, List<String>> layers() {
        Map<String, List<String>> l = layers;
        if (l == null) {
            l = TorchScriptLayers.topDown(List.copyOf(block.getDirectParameters().keys()));
            layers = l;
        }
        return l;
    }

    @Override
    public List<String> layersTopDown() {
        return List.copyOf(layers().keySet());
    }

    @Override
    public List<String> tensorsOf(String layer) {
        return layers().getOrDefault(layer, List.of());
    }

    @Override
    public String randomisationProblem() {
        return layers().isEmpty() ? "The TorchScript module has no named parameters (its weights are constants "
                + "of its code, e.g. a frozen module), so no layer can be re-initialised." : null;
    }

    /**
     * A separate copy of this model, loaded again from its file (never the served module), sharing the tokenizer;
     * its parameters are frozen, as at import.
     */
    TorchScriptClassifier copy(String copyId) {
        Model copy = open(copyId, file, Torch.ENGINE, "TorchScript", Map.of(TRAIN_PARAM, "true"));
        ((PtSymbolBlock) copy.getBlock()).freezeParameters(true);
        TorchScriptClassifier c = this instanceof DifferentiableClassifier
                ? new DifferentiableTorchScriptClassifier(copyId, labels(), copy, tokenizer, batchSize, file)
                : new TorchScriptClassifier(copyId, labels(), labels().size(), copy, tokenizer, batchSize, file);
        c.sharesTokenizer();
        return c;
    }

    /** Re-initialises one layer of this model in place; only ever called on a {@link #copy}. */
    void randomiseLayer(String layer, Random random) {
        TorchScriptLayers.randomise(block.getDirectParameters().toMap(), tensorsOf(layer), random);
    }

    /**
     * Randomises the spare copy in place, one more layer at each step, with one random stream of {@code seed} (so
     * step n's weights are step n-1's plus one layer). Checks of one model run one at a time.
     */
    @Override
    public Cascade cascade(long seed) {
        Random random = new Random(seed);
        List<String> order = layersTopDown();
        TorchScriptClassifier copy = spare();
        return new Cascade() {
            private int done;

            @Override
            public TextClassifier next() {
                copy.randomiseLayer(order.get(done++), random);
                return copy;
            }

            @Override
            public void close() {
                if (spareLock.isHeldByCurrentThread()) {
                    spareLock.unlock();
                }
            }
        };
    }

    /**
     * The spare copy, locked for the caller until its cascade is closed: loaded from the file the first time (loading
     * costs far more than the check's attributions), then reset to the served model's weights, so every check starts
     * from the same weights as a fresh copy would.
     */
    private TorchScriptClassifier spare() {
        spareLock.lock();
        try {
            if (spare == null) {
                spare = copy(id() + "~randomised");
            } else {
                spare.restoreFrom(this);
            }
            return spare;
        } catch (RuntimeException | Error e) {
            spareLock.unlock();
            throw e;
        }
    }

    /** Copies every parameter of {@code original} into this copy, in place. */
    private void restoreFrom(TorchScriptClassifier original) {
        Map<String, ai.djl.nn.Parameter> mine = block.getDirectParameters().toMap();
        original.block.getDirectParameters().forEach(p -> {
            NDArray source = p.getValue().getArray();
            NDArray target = mine.get(p.getKey()).getArray();
            try (NDManager scratch = target.getManager().newSubManager()) {
                NDArray values = scratch.create(Torch.doubles(source), source.getShape())
                        .toType(target.getDataType(), false);
                target.muli(0).addi(values);
            }
        });
    }

    @Override
    public void close() {
        spareLock.lock();
        try {
            if (spare != null) {
                spare.close();
                spare = null;
            }
        } finally {
            spareLock.unlock();
        }
        super.close();
    }

    @Override
    public TextClassifier randomised(int n, long seed) {
        TorchScriptClassifier copy = copy(id() + "~randomised-" + n);
        Random random = new Random(seed);
        layersTopDown().stream().limit(n).forEach(layer -> copy.randomiseLayer(layer, random));
        return copy;
    }

    @Override
    protected double[] logits(Batches.Padded batch) {
        try (PtNDManager manager = (PtNDManager) model.getNDManager().newSubManager()) {
            return forward(block, manager, batch).toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }
}
