package org.xstudy.model;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.bge.BgeClassifier;
import org.xstudy.model.bge.BgeEncoder;
import org.xstudy.model.cnn.CnnClassifier;
import org.xstudy.model.data.LabeledData;
import org.xstudy.model.data.PangLee;
import org.xstudy.model.demo.DemoModels;

/**
 * Prints the figures of docs/performance.md ("Models") for the cached demo models: held-out accuracy, training
 * time, forward time per sentence at batch 1 and batched, a 50-input gradient call on the CNN, and peak memory.
 * Needs {@code bin/setup-demo-models} first. Run:
 * {@code ./mvnw -q test-compile exec:java -Dexec.mainClass=org.xstudy.model.ModelBenchmark -Dexec.classpathScope=test}
 */
public final class ModelBenchmark {

    private ModelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ModelHome home = ModelHome.resolve(Optional.ofNullable(System.getProperty("xstudy.cache-dir")));
        if (!DemoModels.cached(home)) {
            System.err.println("no demo models in " + home.root() + ": run bin/setup-demo-models first");
            System.exit(2);
        }
        LabeledData data = PangLee.read(home.data().resolve(PangLee.FILE_NAME));
        LabeledData.Split split = data.split(DemoModels.TRAIN_SIZE, DemoModels.SPLIT_SEED);
        List<String> heldOut = LabeledData.texts(split.test());
        List<String> sample = heldOut.subList(0, 200);
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage());
        List<DemoModels.Loaded> models = DemoModels.load(home, BgeEncoder.DEFAULT_BATCH_SIZE);
        for (DemoModels.Loaded loaded : models) {
            TextClassifier model = loaded.model();
            Properties meta = meta(home, model.id());
            long start = System.nanoTime();
            double accuracy = LabeledData.accuracy(model.predictProba(heldOut), split.test());
            double heldOutMs = (System.nanoTime() - start) / 1e6 / heldOut.size();
            System.out.printf(Locale.ROOT, "%s: held-out accuracy %.1f%% (%d sentences), training %.0f s%n",
                    model.id(), 100 * accuracy, heldOut.size(), Long.parseLong(meta.getProperty("trainMillis")) / 1e3);
            if (model instanceof BgeClassifier bge) {
                bge.encoder().batchSize(1);
                double one = perSentence(model, sample, true);
                double oneBatched = perSentence(model, sample, false);
                bge.encoder().batchSize(BgeEncoder.DEFAULT_BATCH_SIZE);
                double batched = perSentence(model, sample, false);
                double gap = maxGap(model, sample);
                System.out.printf(Locale.ROOT, "%s: forward per sentence: one call each %.1f ms; one call for %d, "
                        + "batch size 1 %.1f ms, batch size %d (default) %.1f ms; largest probability change "
                        + "from batching: %.4f%n", model.id(), one, sample.size(), oneBatched,
                        BgeEncoder.DEFAULT_BATCH_SIZE, batched, gap);
            } else {
                double one = perSentence(model, sample, true);
                double batched = perSentence(model, sample, false);
                System.out.printf(Locale.ROOT, "%s: forward per sentence: one call each %.2f ms, one call for %d "
                        + "%.2f ms (%.1f ms total)%n", model.id(), one, sample.size(), batched, batched * sample.size());
            }
            if (model instanceof CnnClassifier cnn) {
                System.out.printf(Locale.ROOT, "%s: gradients of 50 scaled inputs (one batched call, as IG with "
                        + "50 steps) %.2f ms per sentence; average %.1f pieces per sentence; %.2f ms/sentence "
                        + "over all %d held-out for accuracy%n", model.id(), gradientCall(cnn, sample, 50),
                        sample.stream().mapToInt(t -> cnn.encode(t).pieces().size()).average().orElse(0),
                        heldOutMs, heldOut.size());
            }
        }
        System.out.printf(Locale.ROOT, "peak heap %.0f MB, peak resident memory (VmHWM) %s%n",
                peakHeapMb(), residentPeak());
        System.exit(0);
    }

    private static double perSentence(TextClassifier model, List<String> texts, boolean oneByOne) {
        model.predictProba(texts.subList(0, 10));
        forget(model);
        long start = System.nanoTime();
        if (oneByOne) {
            for (String t : texts) {
                model.predictProba(List.of(t));
            }
        } else {
            model.predictProba(texts);
        }
        return (System.nanoTime() - start) / 1e6 / texts.size();
    }

    private static double maxGap(TextClassifier model, List<String> texts) {
        double[][] batched = model.predictProba(texts);
        double gap = 0;
        for (int i = 0; i < 50; i++) {
            forget(model);
            double[] alone = model.predictProba(List.of(texts.get(i)))[0];
            for (int c = 0; c < alone.length; c++) {
                gap = Math.max(gap, Math.abs(alone[c] - batched[i][c]));
            }
        }
        return gap;
    }

    private static void forget(TextClassifier model) {
        if (model instanceof BgeClassifier bge) {
            bge.clearCache();
        }
    }

    private static double gradientCall(CnnClassifier model, List<String> texts, int steps) {
        long total = 0;
        int n = 0;
        for (String text : texts.subList(0, 100)) {
            Encoding encoding = model.encode(text);
            double[][] e = model.embeddings(encoding);
            List<double[][]> batch = new ArrayList<>();
            for (int s = 1; s <= steps; s++) {
                double alpha = (s - 0.5) / steps;
                double[][] x = new double[e.length][];
                for (int p = 0; p < e.length; p++) {
                    x[p] = e[p].clone();
                    for (int d = 0; d < x[p].length; d++) {
                        x[p][d] *= alpha;
                    }
                }
                batch.add(x);
            }
            long start = System.nanoTime();
            model.gradients(encoding, Collections.unmodifiableList(batch), 1);
            total += System.nanoTime() - start;
            n++;
        }
        return total / 1e6 / n;
    }

    private static Properties meta(ModelHome home, String id) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(home.model(id).resolve("model.properties"))) {
            p.load(in);
        }
        return p;
    }

    private static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / 1e6;
    }

    private static String residentPeak() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "n/a";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM"))
                .map(l -> l.replaceAll("\\s+", " ").substring(6).trim()).findFirst().orElse("n/a");
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "load average %.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
