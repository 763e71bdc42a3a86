package org.xstudy.model.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xstudy.model.ModelHome;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.xstudy.model.ModelInfo;
import org.xstudy.model.TextClassifier;
import org.xstudy.model.bge.BgeClassifier;
import org.xstudy.model.bge.BgeEncoder;
import org.xstudy.model.bge.SoftmaxRegression;
import org.xstudy.model.cnn.CnnClassifier;
import org.xstudy.model.cnn.CnnTrainer;
import org.xstudy.model.data.LabeledData;
import org.xstudy.model.data.PangLee;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Trains, saves and loads the two demo models on the Pang and Lee data: {@code demo-bge} (bge-small + softmax
 * head) and {@code demo-cnn} (the differentiable CNN). The split is 3,200 training and 800 held-out sentences,
 * shuffled with seed 42; each model directory holds its weights and a {@code model.properties} with the kind,
 * hash, held-out accuracy and training time; {@code demo-bge}'s also the SHA-256 of the encoder its head was
 * trained on, and a head trained on another encoder (such as the dynamically quantized one of earlier versions)
 * is not loaded: it counts as not cached, and is trained again.
 */
public final class DemoModels {

    public static final String BGE = "demo-bge";
    public static final String CNN = "demo-cnn";
    public static final int TRAIN_SIZE = 3200;
    public static final long SPLIT_SEED = 42L;
    private static final String BGE_FILE = "head.bin";
    private static final String CNN_FILE = "cnn.bin";
    private static final String META = "model.properties";
    private static final String ENCODER = "encoder";
    private static final Logger LOG = Logger.getLogger(DemoModels.class);

    /** A loaded model with its description. */
    public record Loaded(TextClassifier model, ModelInfo info) {}

    /** What one training run measured. */
    public record Trained(String id, double accuracy, long trainMillis, String hash) {}

    private DemoModels() {
    }

    /**
     * True when both demo models are in the cache, {@code demo-bge} with the encoder hash this version records
     * (whether it is the encoder that runs now is checked by {@link #load}).
     */
    public static boolean cached(ModelHome home) throws IOException {
        return Files.isRegularFile(home.model(BGE).resolve(META)) && Files.isRegularFile(home.model(CNN).resolve(META))
                && meta(home.model(BGE)).getProperty(ENCODER) != null;
    }

    /** Trains both models on the data file and saves them to the cache. */
    public static List<Trained> train(ModelHome home, Path dataFile, Consumer<String> log) throws IOException {
        LabeledData data = PangLee.read(dataFile);
        LabeledData.Split split = data.split(TRAIN_SIZE, SPLIT_SEED);
        log.accept("demo data: " + split.train().size() + " training and " + split.test().size()
                + " held-out sentences");
        List<Trained> out = new ArrayList<>();
        try (BgeEncoder encoder = BgeEncoder.load()) {
            log.accept(BGE + ": embedding the training sentences with bge-small-en-v1.5");
            long start = System.currentTimeMillis();
            BgeClassifier bge = BgeClassifier.train(BGE, encoder, data.labels(), split.train(),
                    SoftmaxRegression.Settings.defaults());
            long millis = System.currentTimeMillis() - start;
            log.accept(BGE + ": head trained in " + millis / 1000 + " s, measuring held-out accuracy");
            double accuracy = LabeledData.accuracy(bge.predictProba(LabeledData.texts(split.test())), split.test());
            Path file = home.model(BGE).resolve(BGE_FILE);
            bge.save(file);
            String hash = ModelHome.combined(encoder.sha256(), ModelHome.sha256(file));
            writeMeta(home.model(BGE), "transformer", hash, accuracy, millis, split, encoder.sha256());
            out.add(new Trained(BGE, accuracy, millis, hash));
            log.accept(BGE + ": held-out accuracy " + percent(accuracy));
        }
        try (PieceTokenizer tokenizer = PieceTokenizer.bge()) {
            CnnTrainer.Settings settings = CnnTrainer.Settings.defaults();
            long start = System.currentTimeMillis();
            CnnClassifier cnn = CnnTrainer.train(CNN, data.labels(), tokenizer, split.train(), settings,
                    epoch -> log.accept(CNN + ": epoch " + epoch + "/" + settings.epochs() + " done"));
            long millis = System.currentTimeMillis() - start;
            double accuracy = LabeledData.accuracy(cnn.predictProba(LabeledData.texts(split.test())), split.test());
            Path file = home.model(CNN).resolve(CNN_FILE);
            cnn.save(file);
            cnn.close();
            String hash = ModelHome.sha256(file);
            writeMeta(home.model(CNN), "cnn", hash, accuracy, millis, split, null);
            out.add(new Trained(CNN, accuracy, millis, hash));
            log.accept(CNN + ": trained in " + millis / 1000 + " s, held-out accuracy " + percent(accuracy));
        }
        return out;
    }

    /**
     * Loads whichever demo models the cache holds; {@code bgeBatchSize} as in {@link BgeEncoder#batchSize}. A
     * {@code demo-bge} head trained on another encoder than the one that runs now is left out, with a warning.
     */
    public static List<Loaded> load(ModelHome home, int bgeBatchSize) throws IOException {
        List<Loaded> out = new ArrayList<>();
        if (Files.isRegularFile(home.model(BGE).resolve(META))) {
            BgeEncoder encoder = BgeEncoder.load().batchSize(bgeBatchSize);
            String trainedOn = meta(home.model(BGE)).getProperty(ENCODER);
            if (encoder.sha256().equals(trainedOn)) {
                BgeClassifier bge = BgeClassifier.load(BGE, home.model(BGE).resolve(BGE_FILE), encoder);
                out.add(new Loaded(bge, info(bge, home.model(BGE))));
            } else {
                encoder.close();
                LOG.warnf("%s was trained on encoder %s, not on %s that runs now: retrain it (bin/setup-demo-models, "
                        + "or delete %s)", BGE, trainedOn, encoder.sha256(), home.model(BGE));
            }
        }
        if (Files.isRegularFile(home.model(CNN).resolve(META))) {
            CnnClassifier cnn = CnnClassifier.load(CNN, home.model(CNN).resolve(CNN_FILE), PieceTokenizer.bge());
            out.add(new Loaded(cnn, info(cnn, home.model(CNN))));
        }
        return out;
    }

    private static Properties meta(Path dir) throws IOException {
        Properties meta = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(META))) {
            meta.load(in);
        }
        return meta;
    }

    private static ModelInfo info(TextClassifier model, Path dir) throws IOException {
        Properties meta = meta(dir);
        return new ModelInfo(model.id(), model.labels(), meta.getProperty("kind"), meta.getProperty("hash"),
                ModelInfo.Capabilities.of(model), Double.valueOf(meta.getProperty("accuracy")));
    }

    private static void writeMeta(Path dir, String kind, String hash, double accuracy, long millis,
            LabeledData.Split split, String encoderSha256) throws IOException {
        Properties meta = new Properties();
        if (encoderSha256 != null) {
            meta.setProperty(ENCODER, encoderSha256);
        }
        meta.setProperty("kind", kind);
        meta.setProperty("hash", hash);
        meta.setProperty("accuracy", Double.toString(accuracy));
        meta.setProperty("trainMillis", Long.toString(millis));
        meta.setProperty("trainRows", Integer.toString(split.train().size()));
        meta.setProperty("testRows", Integer.toString(split.test().size()));
        meta.setProperty("splitSeed", Long.toString(SPLIT_SEED));
        try (Writer out = Files.newBufferedWriter(dir.resolve(META))) {
            meta.store(out, "demo model trained by xstudy");
        }
    }

    static String percent(double accuracy) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * accuracy);
    }
}
