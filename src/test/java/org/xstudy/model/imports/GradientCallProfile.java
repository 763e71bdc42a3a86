package org.xstudy.model.imports;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.training.GradientCollector;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.explain.method.Params;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.cnn.Torch;
import org.xstudy.model.tokens.Batches;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Where one gradient call of an imported TorchScript model spends its time, for {@link IntegratedGradientsBenchmark}:
 * the steps of {@link DifferentiableTorchScriptClassifier#gradients} timed one by one at several batch sizes, and
 * Saliency and Gradient×Input against the model's own forward+backward on the same sentence.
 */
final class GradientCallProfile {

    /** Prints one formatted line of the report. */
    interface Out {
        void line(String format, Object... args);
    }

    private static final String[] PHASES = {"tokenize + embed (once per explanation)",
        "Java: path points into one float[]", "tensors: ids, mask, embeddings into libtorch",
        "forward (TorchScript)", "read F: select the target logit, copy out", "backward",
        "read the gradient into a float[]", "Java: float[] into per-point double[][]",
        "sub-manager and gradient collector: open, close"};

    private final TorchScriptClassifier model;
    private final DifferentiableClassifier d;
    private final List<String> texts;
    private final int rounds;
    private final Out out;

    GradientCallProfile(TorchScriptClassifier model, List<String> texts, int rounds, Out out) {
        this.model = model;
        this.d = (DifferentiableClassifier) model;
        this.texts = texts;
        this.rounds = rounds;
        this.out = out;
    }

    void run(MethodCatalog catalog) {
        out.line("Saliency and Gradient×Input against the model's own forward+backward (ms per sentence, median of "
                + "%d rounds):", rounds);
        out.line("");
        out.line("| what | ms per sentence |");
        out.line("|---|---:|");
        out.line("| the model's own forward+backward: ids → embed → forward → backward in libtorch, gradient "
                + "read into Java | %.3f |", median(this::ownPass));
        for (String id : List.of("saliency", "gradient_x_input")) {
            AttributionMethod m = catalog.find(id).orElseThrow();
            Params p = m.resolve(Map.of());
            out.line("| %s, whole attribution (tokenize, embed, forward+backward, word scores) | %.3f |", id,
                    median(t -> m.attribute(model, t, 1, p)));
        }
        for (int batch : new int[] {1, 9, 51}) {
            out.line("");
            out.line("One gradients call of %d path points per sentence, by step (ms per sentence, median of %d "
                    + "rounds):", batch, rounds);
            out.line("");
            out.line("| step | ms per sentence |");
            out.line("|---|---:|");
            double[][] perRound = new double[rounds][PHASES.length];
            for (int r = 0; r < rounds; r++) {
                for (String text : texts) {
                    phases(text, batch, perRound[r]);
                }
            }
            double total = 0;
            for (int k = 0; k < PHASES.length; k++) {
                double[] v = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    v[r] = perRound[r][k] / texts.size();
                }
                double m = IntegratedGradientsBenchmark.median(v);
                total += m;
                out.line("| %s | %.3f |", PHASES[k], m);
            }
            out.line("| total | %.3f |", total);
        }
    }

    private void ownPass(String text) {
        PieceTokenizer.Tokens tokens = model.tokenizer.tokenize(text);
        Batches.Padded padded = Batches.Padded.of(List.of(tokens));
        Torch.LOCK.lock();
        try (PtNDManager manager = (PtNDManager) model.model.getNDManager().newSubManager();
                GradientCollector collector = Torch.collector()) {
            PtNDArray ids = TorchScriptClassifier.ids(manager, padded);
            // embed runs in inference mode; its output is copied into an ordinary tensor that autograd can track
            NDArray e = TorchScriptClassifier.call(model.block, manager, TorchScriptClassifier.EMBED, ids).duplicate();
            e.setRequiresGradient(true);
            NDArray logits = TorchScriptClassifier.fromEmbeddings(model.block, manager, padded, e, true);
            NDArray selected = logits.get(":, 1");
            collector.backward(selected.sum());
            e.getGradient().toFloatArray();
        } finally {
            Torch.LOCK.unlock();
        }
    }

    private void phases(String text, int b, double[] ms) {
        long t = System.nanoTime();
        // a text the classifier has not cached, so that this step is timed in full
        String fresh = text + " ";
        Encoding encoding = d.encode(fresh);
        double[][] x = d.embeddings(encoding);
        PieceTokenizer.Tokens tokens = model.tokenizer.tokenize(fresh);
        t = lap(t, ms, 0);
        List<double[][]> batch = Collections.nCopies(b, x);
        int len = tokens.ids().length;
        int dim = x[0].length;
        int[] pieces = tokens.pieceIndex();
        float[] flat = new float[b * len * dim];
        for (int i = 0; i < b; i++) {
            double[][] e = batch.get(i);
            for (int p = 0; p < pieces.length; p++) {
                for (int q = 0; q < dim; q++) {
                    flat[(i * len + pieces[p]) * dim + q] = (float) e[p][q];
                }
            }
        }
        Batches.Padded padded = Batches.Padded.of(Collections.nCopies(b, tokens));
        t = lap(t, ms, 1);
        Torch.LOCK.lock();
        try {
            PtNDManager manager = (PtNDManager) model.model.getNDManager().newSubManager();
            GradientCollector collector = Torch.collector();
            t = lap(t, ms, 8);
            PtNDArray xs = (PtNDArray) manager.create(flat, new Shape(b, len, dim));
            xs.setRequiresGradient(true);
            TorchScriptClassifier.ids(manager, padded);
            TorchScriptClassifier.mask(manager, padded);
            t = lap(t, ms, 2);
            NDArray logits = TorchScriptClassifier.fromEmbeddings(model.block, manager, padded, xs, true);
            t = lap(t, ms, 3);
            NDArray selected = logits.get(":, 1");
            selected.toType(DataType.FLOAT32, false).toFloatArray();
            t = lap(t, ms, 4);
            collector.backward(selected.sum());
            t = lap(t, ms, 5);
            float[] grads = xs.getGradient().toFloatArray();
            t = lap(t, ms, 6);
            for (int i = 0; i < b; i++) {
                double[][] g = new double[pieces.length][dim];
                for (int p = 0; p < pieces.length; p++) {
                    int at = (i * len + pieces[p]) * dim;
                    for (int q = 0; q < dim; q++) {
                        g[p][q] = grads[at + q];
                    }
                }
            }
            t = lap(t, ms, 7);
            collector.close();
            manager.close();
            lap(t, ms, 8);
        } finally {
            Torch.LOCK.unlock();
        }
    }

    private static long lap(long t0, double[] ms, int phase) {
        long t = System.nanoTime();
        ms[phase] += (t - t0) / 1e6;
        return t;
    }

    private double median(java.util.function.Consumer<String> work) {
        double[] v = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (String text : texts) {
                work.accept(text);
            }
            v[r] = (System.nanoTime() - t0) / 1e6 / texts.size();
        }
        return IntegratedGradientsBenchmark.median(v);
    }
}
