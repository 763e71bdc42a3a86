package org.xstudy.explain.bench;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xstudy.explain.job.JobView;
import org.xstudy.explain.job.PrecomputeRequest;
import org.xstudy.explain.job.PrecomputeService;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.model.ModelRegistry;
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
 * The explanation engine's benchmark on the two demo models trained on the Pang and Lee sentences. Not part of the
 * test suite: it runs only with {@code -Dxstudy.bench=true} (see docs/performance.md for the command). It prints
 * the figures and writes them to {@code target/explain-benchmark.md}. Per-sentence times are of the attribution
 * alone, on held-out sentences, with the CPU time the process used per sentence (on a shared machine the wall time
 * mostly measures the other load); the precompute figure is end to end through the job service (attribution,
 * faithfulness and stability scores, PostgreSQL writes).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "xstudy.bench", matches = "true")
class ExplainBenchmark {

    @Inject
    ModelRegistry registry;

    @Inject
    MethodCatalog catalog;

    @Inject
    PrecomputeService jobs;

    /** Each row first runs its 5 warm-up sentences, again and again for at least this long (JIT compilation). */
    private static final double WARM_UP_SECONDS = Double.parseDouble(
            System.getProperty("xstudy.bench.warm-up-seconds", "3"));

    private final StringBuilder report = new StringBuilder();

    @Test
    void benchmark() throws Exception {
        Path data = Path.of(System.getProperty("xstudy.bench.data",
                System.getProperty("user.home") + "/.xstudy/data/" + PangLee.FILE_NAME));
        int sentences = Integer.getInteger("xstudy.bench.sentences", 50);
        int sampledSentences = Integer.getInteger("xstudy.bench.sampled-sentences", 20);
        int precompute = Integer.getInteger("xstudy.bench.precompute", 1000);
        int[] bgeBatches = Arrays.stream(System.getProperty("xstudy.bench.bge-batch", "32").split(","))
                .mapToInt(b -> Integer.parseInt(b.strip())).toArray();
        boolean dynamicRows = Boolean.parseBoolean(System.getProperty("xstudy.bench.bge-dynamic", "true"));
        boolean cnnRows = Boolean.parseBoolean(System.getProperty("xstudy.bench.cnn", "true"));
        int bgeItems = Integer.getInteger("xstudy.bench.precompute-bge", 20);
        LabeledData.Split split = PangLee.read(data).split(3200, 7);
        Path cache = Path.of("target/bench-models");

        long t0 = System.nanoTime();
        BgeEncoder encoder = BgeEncoder.load();
        line("bge-small, statically quantized (SHA-256 %s), loaded and calibrated in %.1f s", encoder.sha256(),
                (System.nanoTime() - t0) / 1e9);
        BgeClassifier bge = loadOrTrainBge(encoder, split, cache);
        BgeClassifier bgeDynamic = dynamicRows ? loadOrTrainBge(BgeEncoder.loadDynamic(), split, cache) : null;
        t0 = System.nanoTime();
        PieceTokenizer tokenizer = PieceTokenizer.bge();
        CnnClassifier cnn = loadOrTrainCnn(tokenizer, split, cache.resolve("bench-cnn.bin"));
        line("CNN: held-out accuracy %.1f%%, ready in %.0f s", 100 * LabeledData.accuracy(
                cnn.predictProba(LabeledData.texts(split.test())), split.test()), (System.nanoTime() - t0) / 1e9);
        registry.register(bge);
        registry.register(cnn);

        List<String> texts = LabeledData.texts(split.test()).subList(0, sentences + 5);
        List<String> few = texts.subList(0, sampledSentences + 5);
        line("");
        line("Per sentence, held-out sentences (mean %.1f words), each row after its 5 warm-up sentences, run "
                + "again and again for at least %.0f s; n = sentences timed:",
                texts.stream().mapToInt(t -> bge.words(t).size()).average().orElse(0), WARM_UP_SECONDS);
        line("");
        line("bge rows: dynamic = the published dynamically quantized model, one text per forward pass (its outputs "
                + "depend on the batch otherwise); static = the statically quantized model that demo-bge runs, "
                + "batched (batch = the most texts per pass); the id cache is emptied before each row.");
        line("");
        line("\"positions\" is the bge encoder's work per sentence (rows × padded length of every pass) and "
                + "\"positions/s\" the rate it ran at (positions per second of the row's wall time).");
        line("");
        line("| method | model | params | n | mean ms | median ms | p95 ms | in model | CPU ms | load avg | positions "
                + "| positions/s | target |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        if (bgeDynamic != null) {
            timeBge(bgeDynamic, "bge dynamic, batch 1", texts, few);
            bgeDynamic.encoder().close();
        }
        for (int batch : bgeBatches) {
            encoder.batchSize(batch);
            timeBge(bge, "bge static, batch " + batch, texts, few);
        }
        encoder.batchSize(BgeEncoder.DEFAULT_BATCH_SIZE);
        if (cnnRows) {
            time("integrated_gradients", cnn, Map.of("steps", 50), texts, "≤ 15 ms");
            time("occlusion", cnn, Map.of(), texts, "");
            time("saliency", cnn, Map.of(), texts, "");
            time("gradient_x_input", cnn, Map.of(), texts, "");
            time("smoothgrad", cnn, Map.of(), few, "");
            time("smoothgrad", cnn, Map.of("base", "integrated_gradients", "steps", 20), few, "");
            time("lime", cnn, Map.of("samples", 500), few, "");
            time("kernel_shap", cnn, Map.of("samples", 500, "exactMaxWords", 0), few, "");
            time("kernel_shap", cnn, Map.of(), few, "(exact up to 12 words)");
        }

        List<String> all = catalog.all().stream().map(AttributionMethod::id).toList();
        List<String> many = new ArrayList<>(LabeledData.texts(split.test()));
        many.removeAll(texts);
        many.addAll(LabeledData.texts(split.train()));
        if (precompute > 0) {
            throughput(cnn.id(), all, many.subList(0, precompute));
        }
        if (bgeItems > 0) {
            bge.clearCache();
            throughput(bge.id(), List.of("occlusion", "lime", "kernel_shap", "placebo"),
                    many.subList(precompute, precompute + bgeItems));
        }

        line("");
        line("Peak memory: resident set %s MB (VmHWM, includes ONNX Runtime and libtorch), Java heap %d MB, "
                + "max heap %d MB.", vmHwmMb(), heapPeakMb(), Runtime.getRuntime().maxMemory() >> 20);
        line("Machine: %d cores visible to the JVM, %s, Java %s.", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"), System.getProperty("java.version"));
        Files.writeString(Path.of("target/explain-benchmark.md"), report);
        cnn.close();
    }

    private void time(String methodId, TextClassifier model, Map<String, Object> given, List<String> texts,
            String target) {
        time(methodId, model, model.id(), given, texts, target);
    }

    private void timeBge(BgeClassifier model, String name, List<String> texts, List<String> few) {
        time("occlusion", model, name, Map.of(), texts, "≤ 25 ms");
        time("lime", model, name, Map.of("samples", 500), few, "≤ 400 ms");
        time("kernel_shap", model, name, Map.of("samples", 500, "exactMaxWords", 0), few, "≤ 400 ms");
    }

    private void time(String methodId, TextClassifier model, String modelName, Map<String, Object> given,
            List<String> texts, String target) {
        BgeEncoder encoder = model instanceof BgeClassifier bge ? bge.encoder() : null;
        AttributionMethod m = catalog.find(methodId).orElseThrow();
        var params = m.resolve(given);
        TimedModel timed = new TimedModel(model);
        long warmUntil = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
        do {
            for (String t : texts.subList(0, 5)) {
                m.attribute(timed, t, 0, params);
            }
        } while (System.nanoTime() < warmUntil);
        if (model instanceof BgeClassifier bge) {
            bge.clearCache();
        }
        timed.takeNanos();
        double[] ms = new double[texts.size() - 5];
        long positions = encoder == null ? 0 : encoder.positionsRun();
        long cpu = cpuNanos();
        for (int i = 0; i < ms.length; i++) {
            long s = System.nanoTime();
            m.attribute(timed, texts.get(i + 5), 1, params);
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        double cpuMs = (cpuNanos() - cpu) / 1e6 / ms.length;
        long ran = encoder == null ? 0 : encoder.positionsRun() - positions;
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double total = Arrays.stream(ms).sum();
        line("| %s | %s | %s | %d | %.1f | %.1f | %.1f | %.0f%% | %.1f | %.1f | %s | %s | %s |", methodId, modelName,
                given.isEmpty() ? "defaults" : given, ms.length, total / ms.length, sorted[sorted.length / 2],
                sorted[(int) Math.ceil(0.95 * sorted.length) - 1], 100 * timed.takeNanos() / 1e6 / total, cpuMs,
                loadAverage(), encoder == null ? "–" : String.format(Locale.ROOT, "%.0f", (double) ran / ms.length),
                encoder == null ? "–" : String.format(Locale.ROOT, "%.0f", 1000 * ran / total), target);
    }

    private void throughput(String model, List<String> methods, List<String> texts) throws InterruptedException {
        double loadBefore = loadAverage();
        long cpu = cpuNanos();
        long start = System.nanoTime();
        JobView job = jobs.create(new PrecomputeRequest(model, methods, Map.of(), texts, null, null), null);
        while (!List.of("done", "failed", "cancelled").contains(job.status())) {
            Thread.sleep(500);
            job = jobs.get(job.id());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpuNanos() - cpu) / 1e9;
        line("");
        line("Precompute %d sentences × %d methods %s on %s: %d explanations (%d failed) in %.1f s = %.1f "
                + "explanations/s (%.2f sentences/s), end to end with metrics and storage; %.1f s of CPU in this "
                + "process; load average %.1f at the start, %.1f at the end.", texts.size(), methods.size(), methods,
                model, job.done(), job.failed(), seconds, job.done() / seconds, texts.size() / seconds, cpuSeconds,
                loadBefore, loadAverage());
    }

    /** The bench head of this encoder, cached under the encoder's hash; prints its held-out accuracy. */
    private BgeClassifier loadOrTrainBge(BgeEncoder encoder, LabeledData.Split split, Path cache)
            throws IOException {
        long t0 = System.nanoTime();
        Path file = cache.resolve("bench-bge-" + encoder.sha256().substring(0, 12) + ".bin");
        BgeClassifier m;
        if (Files.exists(file)) {
            m = BgeClassifier.load("bench-bge", file, encoder);
        } else {
            m = BgeClassifier.train("bench-bge", encoder, PangLee.LABELS, split.train(),
                    SoftmaxRegression.Settings.defaults());
            m.save(file);
        }
        line("bge-small head on encoder %s: held-out accuracy %.1f%% (%d sentences), ready in %.0f s",
                encoder.sha256().substring(0, 12), 100 * LabeledData.accuracy(
                        m.predictProba(LabeledData.texts(split.test())), split.test()), split.test().size(),
                (System.nanoTime() - t0) / 1e9);
        return m;
    }

    private static CnnClassifier loadOrTrainCnn(PieceTokenizer tokenizer, LabeledData.Split split, Path file)
            throws IOException {
        if (Files.exists(file)) {
            return CnnClassifier.load("bench-cnn", file, tokenizer);
        }
        CnnClassifier m = CnnTrainer.train("bench-cnn", PangLee.LABELS, tokenizer, split.train(),
                CnnTrainer.Settings.defaults(), epoch -> { });
        m.save(file);
        return m;
    }

    /** CPU time of the whole process (all threads, native ones included). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println("[bench] " + s);
        report.append(s).append('\n');
    }

    private static String vmHwmMb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) {
                return String.valueOf(Long.parseLong(l.replaceAll("\\D", "")) >> 10);
            }
        }
        return "?";
    }

    private static long heapPeakMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }
}
