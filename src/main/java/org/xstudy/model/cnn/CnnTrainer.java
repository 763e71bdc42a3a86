package org.xstudy.model.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import org.xstudy.model.data.LabeledText;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Trains a {@link CnnNetwork} with Adam on mini-batches, on the DJL PyTorch engine, in float64
 * ({@link CnnNetwork#toTrainable} says why); the classifier it returns runs in float32.
 */
public final class CnnTrainer {

    /** Hyperparameters; {@link #defaults()} are the ones of the demo model. */
    public record Settings(int dim, int filters, int[] widths, int epochs, int batchSize, float learningRate,
            float dropout, int minCount, long seed) {
        public static Settings defaults() {
            return new Settings(64, 100, new int[] {3, 5}, 5, 32, 2e-3f, 0.5f, 2, 7L);
        }
    }

    private CnnTrainer() {
    }

    /**
     * Trains on {@code train}; {@code onEpoch} is told each finished epoch (for progress logs).
     */
    public static CnnClassifier train(String id, List<String> labels, PieceTokenizer tokenizer,
            List<LabeledText> train, Settings s, IntConsumer onEpoch) {
        List<long[]> pieces = train.stream().map(r -> tokenizer.tokenize(r.text()).pieceIds()).toList();
        PieceVocabulary vocabulary = PieceVocabulary.build(pieces, s.minCount());
        List<long[]> rows = pieces.stream().map(vocabulary::map).toList();
        Torch.engine().setRandomSeed((int) s.seed());
        try (NDManager manager = NDManager.newBaseManager(Torch.ENGINE)) {
            CnnNetwork network = CnnNetwork.init(manager, vocabulary.size(), s.dim(), s.filters(), s.widths(),
                    labels.size(), s.seed()).toTrainable(manager);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(s.learningRate())).build();
            Loss loss = Loss.softmaxCrossEntropyLoss();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                order.add(i);
            }
            Random random = new Random(s.seed());
            for (int epoch = 1; epoch <= s.epochs(); epoch++) {
                Collections.shuffle(order, random);
                for (int from = 0; from < order.size(); from += s.batchSize()) {
                    List<Integer> batch = order.subList(from, Math.min(order.size(), from + s.batchSize()));
                    step(manager, network, adam, loss, rows, train, batch, s.dropout());
                }
                onEpoch.accept(epoch);
            }
            return new CnnClassifier(id, labels, tokenizer, vocabulary, network);
        }
    }

    private static void step(NDManager manager, CnnNetwork network, Optimizer adam, Loss loss, List<long[]> rows,
            List<LabeledText> train, List<Integer> batch, float dropout) {
        int len = Math.max(1, batch.stream().mapToInt(i -> rows.get(i).length).max().orElse(1));
        long[] ids = new long[batch.size() * len];
        float[] mask = new float[batch.size() * len];
        float[] labels = new float[batch.size()];
        for (int b = 0; b < batch.size(); b++) {
            long[] row = rows.get(batch.get(b));
            System.arraycopy(row, 0, ids, b * len, row.length);
            java.util.Arrays.fill(mask, b * len, b * len + row.length, 1f);
            labels[b] = train.get(batch.get(b)).label();
        }
        Torch.LOCK.lock();
        try (NDManager sub = manager.newSubManager()) {
            network.params().tempAttach(sub);
            Shape shape = new Shape(batch.size(), len);
            try (GradientCollector collector = Torch.collector()) {
                NDArray x = network.embed(sub.create(ids, shape));
                NDArray logits = network.logits(x, sub.create(mask, shape), true, dropout);
                NDArray value = loss.evaluate(new NDList(sub.create(labels)), new NDList(logits));
                collector.backward(value);
            }
            NDList params = network.params();
            for (int p = 0; p < params.size(); p++) {
                adam.update("p" + p, params.get(p), params.get(p).getGradient());
            }
        } finally {
            Torch.LOCK.unlock();
        }
    }
}
