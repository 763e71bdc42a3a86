package org.xstudy.model.bge;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xstudy.model.tokens.Batches;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * How fast the bge encoder that {@code demo-bge} runs is on this machine, with nothing around ONNX Runtime: token
 * positions per second on one core and on all cores at once, for batch shapes of the explanation methods, and where
 * a forward pass spends its time (ONNX Runtime's profiler, summed by operator). Not part of the test suite: it runs
 * only with {@code -Dxstudy.bench=true}; the command is in docs/performance.md. It needs no data set.
 */
@EnabledIfSystemProperty(named = "xstudy.bench", matches = "true")
class EncoderBenchmark {

    /** Rows × padded length: an occlusion's sub-batch, a LIME sub-batch, one sentence. */
    private static final int[][] SHAPES = {{11, 26}, {32, 14}, {32, 26}, {1, 26}};
    private static final double SECONDS = Double.parseDouble(System.getProperty("xstudy.bench.seconds", "4"));

    @Test
    void encoder() throws Exception {
        OrtEnvironment env = BgeEncoder.environment();
        byte[] model;
        try (PieceTokenizer tokenizer = PieceTokenizer.bge()) {
            model = BgeEncoder.staticModel(env, BgeEncoder.publishedModel(), tokenizer);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        print("bge encoder (static model, one intra-op thread per run), %d cores, %s, Java %s", cores,
                System.getProperty("os.arch"), System.getProperty("java.version"));
        print("");
        print("| rows × tokens | ms per run, 1 thread | positions/s, 1 thread | positions/s, %d threads at once |",
                cores);
        print("|---|---|---|---|");
        try (OrtSession.SessionOptions options = BgeEncoder.options();
                OrtSession session = env.createSession(model, options)) {
            for (int[] shape : SHAPES) {
                try (BgeEncoder.Inputs inputs = inputs(env, session, shape[0], shape[1])) {
                    double one = runsPerSecond(session, inputs, 1);
                    double all = runsPerSecond(session, inputs, cores);
                    int positions = shape[0] * shape[1];
                    print("| %d × %d | %.2f | %,.0f | %,.0f |", shape[0], shape[1], 1000 / one, one * positions,
                            all * positions);
                }
            }
        }
        profile(env, model, SHAPES[0]);
    }

    /** Runs of one session per second over all threads, after a warm-up of the same length. */
    private static double runsPerSecond(OrtSession session, BgeEncoder.Inputs inputs, int threads)
            throws InterruptedException {
        timedRuns(session, inputs, threads, SECONDS / 2);
        return timedRuns(session, inputs, threads, SECONDS);
    }

    private static double timedRuns(OrtSession session, BgeEncoder.Inputs inputs, int threads, double seconds)
            throws InterruptedException {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        long[] runs = new long[threads];
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int slot = t;
            Thread w = new Thread(() -> {
                while (System.nanoTime() < until) {
                    run(session, inputs);
                    runs[slot]++;
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = 0;
        for (long r : runs) {
            total += r;
        }
        return total / elapsed;
    }

    /** Time per operator type in one thread's runs at this shape, from ONNX Runtime's profiler. */
    private static void profile(OrtEnvironment env, byte[] model, int[] shape) throws Exception {
        Path dir = Files.createTempDirectory("bge-profile");
        String file;
        int runs = 50;
        try (OrtSession.SessionOptions options = BgeEncoder.options()) {
            options.enableProfiling(dir.resolve("bge").toString());
            try (OrtSession session = env.createSession(model, options);
                    BgeEncoder.Inputs inputs = inputs(env, session, shape[0], shape[1])) {
                for (int i = 0; i < runs; i++) {
                    run(session, inputs);
                }
                file = session.endProfiling();
            }
        }
        JsonNode events = new ObjectMapper().readTree(Path.of(file).toFile());
        Map<String, Double> byOp = new TreeMap<>();
        double kernels = 0;
        double whole = 0;
        for (JsonNode e : events) {
            String name = e.path("name").asText();
            if ("Node".equals(e.path("cat").asText()) && name.endsWith("_kernel_time")) {
                byOp.merge(e.path("args").path("op_name").asText(), e.path("dur").asDouble(), Double::sum);
                kernels += e.path("dur").asDouble();
            } else if ("model_run".equals(name)) {
                whole += e.path("dur").asDouble();
            }
        }
        Files.deleteIfExists(Path.of(file));
        Files.deleteIfExists(dir);
        print("");
        print("Where a run of %d × %d spends its time (ONNX Runtime profiler, %d runs, one thread; the profiler adds "
                + "some overhead): %.2f ms per run, %.2f ms of it in operators.", shape[0], shape[1], runs,
                whole / runs / 1000, kernels / runs / 1000);
        print("");
        print("| operator | ms per run | share of the run |");
        print("|---|---|---|");
        double total = whole;
        byOp.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() / total >= 0.005)
                .forEach(e -> print("| %s | %.2f | %.1f %% |", e.getKey(), e.getValue() / runs / 1000,
                        100 * e.getValue() / total));
        print("| (outside operators) | %.2f | %.1f %% |", (whole - kernels) / runs / 1000,
                100 * (whole - kernels) / whole);
    }

    /** Random vocabulary ids with [CLS] and [SEP] at the ends; every position real (no padding). */
    private static BgeEncoder.Inputs inputs(OrtEnvironment env, OrtSession session, int rows, int length) {
        Random random = new Random(rows * 1000L + length);
        List<long[]> ids = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            long[] row = new long[length];
            row[0] = 101;
            for (int i = 1; i < length - 1; i++) {
                row[i] = 2000 + random.nextInt(28000);
            }
            row[length - 1] = 102;
            ids.add(row);
        }
        return BgeEncoder.Inputs.of(env, session, Batches.Padded.ofIds(ids));
    }

    private static void run(OrtSession session, BgeEncoder.Inputs inputs) {
        try (OrtSession.Result ignored = session.run(inputs.map())) {
            // the output is not read: only the time counts
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void print(String format, Object... args) {
        System.out.println("[encoder] " + String.format(Locale.ROOT, format, args));
    }
}
