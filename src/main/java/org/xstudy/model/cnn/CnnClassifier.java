package org.xstudy.model.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.RandomisableModel;
import org.xstudy.model.WordMaskClassifier;
import org.xstudy.model.bge.SoftmaxRegression;
import org.xstudy.model.tokens.PieceTokenizer;
import org.xstudy.model.tokens.NamedClassifier;

/**
 * The differentiable demo model: a {@link CnnNetwork} over the bge WordPiece pieces, run in float32 (as trained)
 * on the DJL PyTorch engine. The input embeddings are the rows of its embedding matrix for the text's pieces (no
 * special tokens); the baseline is all zeros, which is what a padding position contributes. Word-removal
 * perturbations drop the removed words' pieces from the text's one tokenization ({@link WordMaskClassifier}).
 */
public final class CnnClassifier extends NamedClassifier
        implements DifferentiableClassifier, WordMaskClassifier, RandomisableModel, AutoCloseable {

    private static final int MAGIC = 0x78434e4e;
    private static final int SUB_BATCH = 64;

    private final PieceTokenizer tokenizer;
    private final PieceVocabulary vocabulary;
    private final NDManager manager;
    private final CnnNetwork network;
    private final double[][] embeddingRows;

    /** Takes a trained network; keeps a float32 copy of it, without gradients, in its own manager. */
    public CnnClassifier(String id, List<String> labels, PieceTokenizer tokenizer, PieceVocabulary vocabulary,
            CnnNetwork trained) {
        super(id, labels, trained.classes());
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        this.manager = NDManager.newBaseManager(Torch.ENGINE);
        this.network = trained.toFloat32(manager);
        NDArray emb = network.embeddingMatrix();
        int rows = (int) emb.getShape().get(0);
        int dim = network.dim();
        float[] flat = emb.toFloatArray();
        this.embeddingRows = new double[rows][dim];
        for (int r = 0; r < rows; r++) {
            for (int d = 0; d < dim; d++) {
                embeddingRows[r][d] = flat[r * dim + d];
            }
        }
    }

    public int dim() {
        return network.dim();
    }

    @Override
    public Encoding encode(String text) {
        return tokenizer.tokenize(text).encoding();
    }

    @Override
    public double[][] embeddings(Encoding encoding) {
        long[] rows = vocabulary.map(tokenizer.tokenize(encoding.text()).pieceIds());
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = embeddingRows[(int) rows[i]].clone();
        }
        return out;
    }

    @Override
    public double[][] baseline(Encoding encoding) {
        return new double[encoding.pieces().size()][dim()];
    }

    @Override
    public double[][] predictProba(List<String> texts) {
        return probaOfPieces(texts.stream().map(t -> tokenizer.tokenize(t).pieceIds()).toList());
    }

    @Override
    public double[][] predictProbaKeeping(String text, List<boolean[]> keeps) {
        return probaOfPieces(tokenizer.keepWords(text, keeps, false));
    }

    /** Probabilities of texts given as tokenizer piece ids, in sub-batches of {@value #SUB_BATCH} texts. */
    private double[][] probaOfPieces(List<long[]> pieces) {
        double[][] out = new double[pieces.size()][];
        for (int from = 0; from < pieces.size(); from += SUB_BATCH) {
            List<long[]> chunk = pieces.subList(from, Math.min(pieces.size(), from + SUB_BATCH));
            double[][] logits = logits(chunk.stream().map(vocabulary::map).toList());
            for (int i = 0; i < logits.length; i++) {
                out[from + i] = SoftmaxRegression.softmax(logits[i]);
            }
        }
        return out;
    }

    private double[][] logits(List<long[]> rows) {
        int len = Math.max(1, rows.stream().mapToInt(r -> r.length).max().orElse(0));
        long[] ids = new long[rows.size() * len];
        float[] mask = new float[rows.size() * len];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, ids, i * len, rows.get(i).length);
            java.util.Arrays.fill(mask, i * len, i * len + rows.get(i).length, 1f);
        }
        Torch.LOCK.lock();
        try (NDManager sub = manager.newSubManager()) {
            network.params().tempAttach(sub);
            Shape shape = new Shape(rows.size(), len);
            NDArray x = network.embed(sub.create(ids, shape));
            return rowsOf(network.logits(x, sub.create(mask, shape), false, 0f).toFloatArray(), labels().size());
        } finally {
            Torch.LOCK.unlock();
        }
    }

    @Override
    public List<Gradient> gradients(Encoding encoding, List<double[][]> embeddingBatch, int target) {
        if (target < 0 || target >= labels().size()) {
            throw new IllegalArgumentException("target " + target + " is not a class index");
        }
        int b = embeddingBatch.size();
        if (b == 0) {
            return List.of();
        }
        int pieces = encoding.pieces().size();
        int len = Math.max(1, pieces);
        int dim = dim();
        float[] flat = flatten(embeddingBatch, pieces, len, dim);
        float[] mask = new float[b * len];
        for (int i = 0; i < b; i++) {
            java.util.Arrays.fill(mask, i * len, i * len + pieces, 1f);
        }
        float[][] pass = Torch.untilFinite(() -> pass(flat, mask, b, len, dim, target));
        float[] outputs = pass[0];
        float[] grads = pass[1];
        List<Gradient> result = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            double[][] g = new double[pieces][dim];
            for (int p = 0; p < pieces; p++) {
                int at = (i * len + p) * dim;
                for (int d = 0; d < dim; d++) {
                    g[p][d] = grads[at + d];
                }
            }
            result.add(new Gradient(outputs[i], g));
        }
        return result;
    }

    /** The path's points and the sum of their gradients are made in libtorch ({@link PathPass}). */
    @Override
    public List<PathGradients> pathGradients(Encoding encoding, List<double[][]> inputs, List<double[][]> bases,
            double[] alphas, double[] weights, int target) {
        int pieces = encoding.pieces().size();
        if (pieces == 0 || inputs.isEmpty()) {
            return DifferentiableClassifier.super.pathGradients(encoding, inputs, bases, alphas, weights, target);
        }
        if (target < 0 || target >= labels().size()) {
            throw new IllegalArgumentException("target " + target + " is not a class index");
        }
        int m = inputs.size();
        int dim = dim();
        int points = m * alphas.length;
        float[] mask = new float[points * pieces];
        java.util.Arrays.fill(mask, 1f);
        PathPass pass = PathPass.run(manager, flatten(inputs, pieces, pieces, dim), flatten(bases, pieces, pieces, dim),
                new Shape(m, pieces, dim), alphas, weights, target, x -> {
                    network.params().tempAttach(x.getManager());
                    return network.logits(x, x.getManager().create(mask, new Shape(points, pieces)), false, 0f);
                });
        int[] rows = java.util.stream.IntStream.range(0, pieces).toArray();
        List<PathGradients> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            out.add(new PathGradients(pass.outputsOf(i, alphas.length), pass.sumRows(i, rows, pieces, dim)));
        }
        return out;
    }

    /** The matrices {@code [pieces][dim]} as one float array of {@code [size, len, dim]}, zero past the pieces. */
    private static float[] flatten(List<double[][]> batch, int pieces, int len, int dim) {
        float[] flat = new float[batch.size() * len * dim];
        for (int i = 0; i < batch.size(); i++) {
            double[][] e = batch.get(i);
            if (e.length != pieces) {
                throw new IllegalArgumentException("embedding " + i + " has " + e.length + " rows, not " + pieces);
            }
            for (int p = 0; p < pieces; p++) {
                int at = (i * len + p) * dim;
                for (int d = 0; d < dim; d++) {
                    flat[at + d] = (float) e[p][d];
                }
            }
        }
        return flat;
    }

    /** One forward and backward pass: the target logits and the gradient with respect to the embeddings. */
    private float[][] pass(float[] flat, float[] mask, int b, int len, int dim, int target) {
        Torch.LOCK.lock();
        try (NDManager sub = manager.newSubManager()) {
            network.params().tempAttach(sub);
            NDArray x = sub.create(flat, new Shape(b, len, dim));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Torch.collector()) {
                NDArray logits = network.logits(x, sub.create(mask, new Shape(b, len)), false, 0f);
                NDArray selected = logits.get(":, " + target);
                float[] outputs = selected.toFloatArray();
                collector.backward(selected.sum());
                return new float[][] {outputs, x.getGradient().toFloatArray()};
            }
        } finally {
            Torch.LOCK.unlock();
        }
    }

    private static double[][] rowsOf(float[] flat, int cols) {
        double[][] out = new double[flat.length / cols][cols];
        for (int i = 0; i < flat.length; i++) {
            out[i / cols][i % cols] = flat[i];
        }
        return out;
    }

    /** Writes labels, widths, vocabulary and the float32 parameters. */
    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            writeLabels(out);
            int[] widths = network.widths();
            out.writeInt(widths.length);
            for (int w : widths) {
                out.writeInt(w);
            }
            long[] vocab = vocabulary.tokenizerIds();
            out.writeInt(vocab.length);
            for (long v : vocab) {
                out.writeLong(v);
            }
            Torch.LOCK.lock();
            try {
                network.params().encode(out);
            } finally {
                Torch.LOCK.unlock();
            }
        }
    }

    public static CnnClassifier load(String id, Path file, PieceTokenizer tokenizer) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
                NDManager temp = NDManager.newBaseManager(Torch.ENGINE)) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a saved CNN classifier");
            }
            List<String> labels = readLabels(in);
            int[] widths = new int[in.readInt()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = in.readInt();
            }
            long[] vocab = new long[in.readInt()];
            for (int i = 0; i < vocab.length; i++) {
                vocab[i] = in.readLong();
            }
            NDList params = NDList.decode(temp, in);
            return new CnnClassifier(id, labels, tokenizer, new PieceVocabulary(vocab), new CnnNetwork(params, widths));
        }
    }

    @Override
    public List<String> layersTopDown() {
        return network.layersTopDown();
    }

    @Override
    public CnnClassifier randomised(int layers, long seed) {
        // under the lock: the served network's parameters are read here, and a call may be moving them between
        // managers (tempAttach) at the same time
        Torch.LOCK.lock();
        try (NDManager scratch = NDManager.newBaseManager(Torch.ENGINE)) {
            return new CnnClassifier(id() + "~randomised-" + layers, labels(), tokenizer, vocabulary,
                    network.randomised(scratch, layers, seed));
        } finally {
            Torch.LOCK.unlock();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
