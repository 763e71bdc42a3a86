package org.xstudy.model.bge;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.xstudy.model.Embedder;
import org.xstudy.model.WordMaskClassifier;
import org.xstudy.model.data.LabeledData;
import org.xstudy.model.data.LabeledText;
import org.xstudy.model.tokens.IdCache;
import org.xstudy.model.tokens.NamedClassifier;

/**
 * The transformer demo model: frozen bge-small-en-v1.5 sentence embeddings with a softmax-regression head trained
 * in Java. It is model-agnostic only (ONNX Runtime has no gradients) and doubles as the sentence embedder.
 *
 * <p>Predictions go by token ids: word-removal perturbations drop the removed words' ids from the text's one
 * tokenization ({@link WordMaskClassifier}), repeated id sequences are run once, and while a text's probabilities
 * depend on that text alone ({@link BgeEncoder#batchInvariant()}: the static model at any batch size) the
 * probabilities of the last {@value #CACHE_SIZE} distinct sequences are remembered.
 */
public final class BgeClassifier extends NamedClassifier implements Embedder, WordMaskClassifier {

    public static final int CACHE_SIZE = 50_000;

    private final BgeEncoder encoder;
    private final SoftmaxRegression head;
    private final IdCache cache = new IdCache(CACHE_SIZE);

    public BgeClassifier(String id, List<String> labels, BgeEncoder encoder, SoftmaxRegression head) {
        super(id, labels, head.classes());
        this.encoder = encoder;
        this.head = head;
    }

    /** Embeds the training texts once and fits the head on them. */
    public static BgeClassifier train(String id, BgeEncoder encoder, List<String> labels, List<LabeledText> train,
            SoftmaxRegression.Settings settings) {
        double[][] x = encoder.embed(LabeledData.texts(train));
        SoftmaxRegression head = SoftmaxRegression.fit(x, LabeledData.labelsOf(train), labels.size(), settings);
        return new BgeClassifier(id, labels, encoder, head);
    }

    @Override
    public double[][] predictProba(List<String> texts) {
        return probaOfIds(texts.stream().map(t -> encoder.tokenizer().tokenize(t).ids()).toList());
    }

    @Override
    public double[][] predictProbaKeeping(String text, List<boolean[]> keeps) {
        return probaOfIds(encoder.tokenizer().keepWords(text, keeps, true));
    }

    private double[][] probaOfIds(List<long[]> rows) {
        return cache.apply(rows, encoder.batchInvariant(), distinct -> {
            double[][] x = encoder.embedIds(distinct);
            double[][] out = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                out[i] = head.proba(x[i]);
            }
            return out;
        });
    }

    /** Forgets the remembered probabilities (benchmarks time cold runs). */
    public void clearCache() {
        cache.clear();
    }

    @Override
    public double[][] embed(List<String> texts) {
        return encoder.embed(texts);
    }

    public BgeEncoder encoder() {
        return encoder;
    }

    /** Writes the labels and the head; the encoder comes from the classpath. */
    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            writeLabels(out);
            head.write(out);
        }
    }

    public static BgeClassifier load(String id, Path file, BgeEncoder encoder) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            List<String> labels = readLabels(in);
            return new BgeClassifier(id, labels, encoder, SoftmaxRegression.read(in));
        }
    }
}
