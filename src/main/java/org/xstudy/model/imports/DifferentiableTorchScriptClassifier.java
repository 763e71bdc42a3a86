package org.xstudy.model.imports;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import ai.djl.Model;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.cnn.PathPass;
import org.xstudy.model.cnn.Torch;
import org.xstudy.model.tokens.Batches;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * An imported TorchScript classifier that follows the gradient convention (the {@code inputs_embeds} convention of
 * Hugging Face models): it exports {@code embed(input_ids) -> [batch, length, dim]}, and
 * {@code forward(input_ids, attention_mask, inputs_embeds: Optional[Tensor] = None)} uses {@code inputs_embeds}
 * instead of looking the ids up when it is given, so that
 * {@code forward(ids, mask, embed(ids)) == forward(ids, mask)}. Attribution covers the subword pieces;
 * the rows of special tokens ({@code [CLS]}, {@code [SEP]}) stay as {@code embed} gives them. The baseline is
 * {@code embed} of token id 0 (the padding token of BERT vocabularies) at every piece position.
 */
public final class DifferentiableTorchScriptClassifier extends TorchScriptClassifier
        implements DifferentiableClassifier {

    DifferentiableTorchScriptClassifier(String id, List<String> labels, Model model, PieceTokenizer tokenizer,
            int batchSize, java.nio.file.Path file) {
        super(id, labels, labels.size(), model, tokenizer, batchSize, file);
    }

    /** Forgets the cached {@code embed} rows too: the embedding layer may have been re-initialised. */
    @Override
    void randomiseLayer(String layer, java.util.Random random) {
        super.randomiseLayer(layer, random);
        last = null;
    }

    /**
     * Runs the backward pass on {@code text} (at the embeddings and at the baseline, for the first class) as the
     * gradient methods will, so that a model whose gradients cannot be computed is refused at import rather than
     * failing each explanation later.
     *
     * @throws ImportException of {@code /modelPath} when the backward pass fails or gives non-finite values
     */
    void checkBackward(String text) {
        Encoding encoding = encode(text);
        List<Gradient> grads;
        try {
            grads = gradients(encoding, List.of(embeddings(encoding), baseline(encoding)), 0);
        } catch (RuntimeException e) {
            throw backwardFails(e.getMessage());
        }
        for (Gradient g : grads) {
            if (!Double.isFinite(g.output()) || java.util.Arrays.stream(g.grad())
                    .flatMapToDouble(java.util.Arrays::stream).anyMatch(v -> !Double.isFinite(v))) {
                throw backwardFails("it gives a non-finite logit or gradient");
            }
        }
    }

    private static ImportException backwardFails(String why) {
        String first = why == null ? "" : why.strip().lines().filter(l -> l.contains("Error")).findFirst()
                .orElse(why.strip().lines().findFirst().orElse(""));
        return new ImportException("/modelPath", "The model exports " + EMBED + " and takes inputs_embeds, but "
                + "the backward pass from inputs_embeds fails on a probe text (" + first + "), so gradient methods "
                + "could not run on it. Export it as docs/models.md says (no torch.no_grad or detach in forward), "
                + "or without " + EMBED + " to import it for the model-agnostic methods only.");
    }

    /**
     * The last text's tokens, its {@code embed} rows and those of its baseline: one explanation asks for the
     * encoding, the embeddings, the baseline and the gradients of the same text, so each text is tokenized once and
     * embedded once, with its baseline ids in the same {@code embed} call.
     */
    private record Last(String text, PieceTokenizer.Tokens tokens, double[][] full, double[][] base) {}

    private volatile Last last;

    private Last prepared(String text) {
        Last l = last;
        if (l != null && l.text().equals(text)) {
            return l;
        }
        PieceTokenizer.Tokens tokens = tokenizer.tokenize(text);
        long[] ids = tokens.ids();
        long[] baseIds = ids.clone();
        for (int p : tokens.pieceIndex()) {
            baseIds[p] = 0;
        }
        double[][][] rows = embedAll(ids, baseIds);
        l = new Last(text, tokens, rows[0], rows[1]);
        last = l;
        return l;
    }

    @Override
    public Encoding encode(String text) {
        return prepared(text).tokens().encoding();
    }

    @Override
    public double[][] embeddings(Encoding encoding) {
        Last l = prepared(encoding.text());
        return copies(pieceRows(l.full(), l.tokens().pieceIndex()));
    }

    /** The embeddings with every piece's id set to 0 (the padding token of BERT vocabularies). */
    @Override
    public double[][] baseline(Encoding encoding) {
        Last l = prepared(encoding.text());
        return copies(pieceRows(l.base(), l.tokens().pieceIndex()));
    }

    private static double[][] copies(double[][] rows) {
        for (int i = 0; i < rows.length; i++) {
            rows[i] = rows[i].clone();
        }
        return rows;
    }

    /** {@code embed} of rows of ids of one length, in one call: {@code [rows][length][dim]}. */
    private double[][][] embedAll(long[]... ids) {
        int len = ids[0].length;
        long[] flatIds = new long[ids.length * len];
        for (int r = 0; r < ids.length; r++) {
            System.arraycopy(ids[r], 0, flatIds, r * len, len);
        }
        try (PtNDManager manager = (PtNDManager) model.getNDManager().newSubManager()) {
            NDArray e = call(block, manager, EMBED, (PtNDArray) manager.create(flatIds, new Shape(ids.length, len)));
            int dim = (int) e.getShape().get(2);
            float[] flat = e.toType(DataType.FLOAT32, false).toFloatArray();
            double[][][] out = new double[ids.length][len][dim];
            for (int r = 0; r < ids.length; r++) {
                for (int t = 0; t < len; t++) {
                    for (int d = 0; d < dim; d++) {
                        out[r][t][d] = flat[(r * len + t) * dim + d];
                    }
                }
            }
            return out;
        }
    }

    private static double[][] pieceRows(double[][] all, int[] pieceIndex) {
        double[][] out = new double[pieceIndex.length][];
        for (int i = 0; i < pieceIndex.length; i++) {
            out[i] = all[pieceIndex[i]];
        }
        return out;
    }

    @Override
    public List<Gradient> gradients(Encoding encoding, List<double[][]> embeddingBatch, int target) {
        if (target < 0 || target >= labels().size()) {
            throw new IllegalArgumentException("target " + target + " is not a class index");
        }
        if (embeddingBatch.isEmpty()) {
            return List.of();
        }
        Last prepared = prepared(encoding.text());
        PieceTokenizer.Tokens tokens = prepared.tokens();
        double[][] full = prepared.full();
        int[] pieces = tokens.pieceIndex();
        int len = full.length;
        int dim = full[0].length;
        int b = embeddingBatch.size();
        float[] flat = flatten(embeddingBatch, full, pieces);
        Batches.Padded padded = Batches.Padded.of(java.util.Collections.nCopies(b, tokens));
        float[][] pass = Torch.untilFinite(() -> pass(padded, flat, b, len, dim, target));
        float[] outputs = pass[0];
        float[] grads = pass[1];
        List<Gradient> result = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            double[][] g = new double[pieces.length][dim];
            for (int p = 0; p < pieces.length; p++) {
                int at = (i * len + pieces[p]) * dim;
                for (int d = 0; d < dim; d++) {
                    g[p][d] = grads[at + d];
                }
            }
            result.add(new Gradient(outputs[i], g));
        }
        return result;
    }

    /**
     * The path's points and the sum of their gradients are made in libtorch ({@link PathPass}); the rows of special
     * tokens are {@code embed}'s in the input and the base alike, so they stay fixed along the path.
     */
    @Override
    public List<PathGradients> pathGradients(Encoding encoding, List<double[][]> inputs, List<double[][]> bases,
            double[] alphas, double[] weights, int target) {
        if (target < 0 || target >= labels().size()) {
            throw new IllegalArgumentException("target " + target + " is not a class index");
        }
        if (inputs.isEmpty()) {
            return List.of();
        }
        Last prepared = prepared(encoding.text());
        double[][] full = prepared.full();
        int[] pieces = prepared.tokens().pieceIndex();
        int m = inputs.size();
        int len = full.length;
        int dim = full[0].length;
        Batches.Padded padded = Batches.Padded.of(java.util.Collections.nCopies(m * alphas.length,
                prepared.tokens()));
        PathPass pass = PathPass.run(model.getNDManager(), flatten(inputs, full, pieces), flatten(bases, full, pieces),
                new Shape(m, len, dim), alphas, weights, target,
                x -> fromEmbeddings(block, (PtNDManager) x.getManager(), padded, x, true));
        List<PathGradients> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            out.add(new PathGradients(pass.outputsOf(i, alphas.length), pass.sumRows(i, pieces, len, dim)));
        }
        return out;
    }

    /**
     * Each matrix {@code [pieces][dim]} in place of the piece rows of {@code full} ({@code embed}'s rows of the
     * whole sequence, special tokens included), as one float array of {@code [size, full.length, dim]}.
     */
    private static float[] flatten(List<double[][]> batch, double[][] full, int[] pieces) {
        int len = full.length;
        int dim = full[0].length;
        float[] flat = new float[batch.size() * len * dim];
        for (int i = 0; i < batch.size(); i++) {
            double[][] e = batch.get(i);
            if (e.length != pieces.length) {
                throw new IllegalArgumentException("embedding " + i + " has " + e.length + " rows, not "
                        + pieces.length);
            }
            double[][] rows = full.clone();
            for (int p = 0; p < pieces.length; p++) {
                rows[pieces[p]] = e[p];
            }
            for (int t = 0; t < len; t++) {
                for (int d = 0; d < dim; d++) {
                    flat[(i * len + t) * dim + d] = (float) rows[t][d];
                }
            }
        }
        return flat;
    }

    /** One forward and backward pass: the target logits and the gradient with respect to the embeddings. */
    private float[][] pass(Batches.Padded padded, float[] flat, int b, int len, int dim, int target) {
        Torch.LOCK.lock();
        try (PtNDManager manager = (PtNDManager) model.getNDManager().newSubManager()) {
            PtNDArray x = (PtNDArray) manager.create(flat, new Shape(b, len, dim));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Torch.collector()) {
                NDArray logits = fromEmbeddings(block, manager, padded, x, true);
                NDArray selected = logits.get(":, " + target);
                float[] outputs = selected.toType(DataType.FLOAT32, false).toFloatArray();
                collector.backward(selected.sum());
                return new float[][] {outputs, x.getGradient().toType(DataType.FLOAT32, false).toFloatArray()};
            }
        } finally {
            Torch.LOCK.unlock();
        }
    }
}
