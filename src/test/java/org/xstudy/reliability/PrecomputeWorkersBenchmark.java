package org.xstudy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Precompute throughput with 3, 2 and 1 worker nodes of the packaged app on one job each (occlusion and LIME with
 * 64 samples on the exported TorchScript bag model), with the CPU seconds the worker processes used per
 * explanation. Not a test: runs only with {@code -Dxstudy.bench=true} (command in docs/performance.md) and writes
 * {@code target/workers-benchmark.md}. A worker stops between runs (gracefully), so one set of processes serves all
 * three; each run explains the sentences with its own suffix, so that nothing comes from the store.
 */
@EnabledIfSystemProperty(named = "xstudy.bench", matches = "true")
class PrecomputeWorkersBenchmark {

    private static final int ITEMS = Integer.getInteger("workers.items", 60);

    @Test
    void throughputWithOneTwoAndThreeWorkers() throws Exception {
        List<String> lines = new ArrayList<>(List.of("| workers | tasks | wall s | explanations/s | CPU s / explanation |",
                "|---|---|---|---|---|"));
        try (WorkerNodes workers = WorkerNodes.start(3)) {
            Map<String, Object> methods = new LinkedHashMap<>();
            methods.put("occlusion", Map.of());
            methods.put("lime", Map.of("samples", 64));
            warmUp(workers, methods);
            for (int live = 3; live >= 1; live--) {
                String suffix = " (run " + live + ")";
                List<String> texts = WorkerNodes.sentences().subList(0, ITEMS).stream().map(s -> s + suffix).toList();
                List<AppProcess> running = workers.nodes.subList(0, live);
                long cpuBefore = running.stream().mapToLong(AppProcess::cpuMillis).sum();
                long start = System.nanoTime();
                long id = workers.createJob(texts, methods);
                JsonNode job = workers.await(id, workers.nodes.get(0), Duration.ofMinutes(30));
                double wall = (System.nanoTime() - start) / 1e9;
                double cpu = (running.stream().mapToLong(AppProcess::cpuMillis).sum() - cpuBefore) / 1000.0;
                assertEquals("done", job.get("status").asText(), job.toString());
                int tasks = job.get("done").asInt();
                String line = String.format(Locale.ROOT, "| %d | %d | %.1f | %.2f | %.3f |", live, tasks, wall,
                        tasks / wall, cpu / tasks);
                System.out.println("workers-benchmark " + line);
                lines.add(line);
                if (live > 1) {
                    workers.nodes.get(live - 1).close();
                }
            }
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%d cores, %s; %d items x occlusion + lime(64 samples), chunk size %d",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), ITEMS,
                WorkerNodes.CHUNK_SIZE));
        Files.write(Path.of("target", "workers-benchmark.md"), lines);
    }

    /** A small job first, so that every worker has loaded the model and compiled the hot code. */
    private static void warmUp(WorkerNodes workers, Map<String, Object> methods) throws Exception {
        List<String> texts = WorkerNodes.sentences().subList(0, 30).stream().map(s -> s + " (warm-up)").toList();
        workers.await(workers.createJob(texts, methods), workers.nodes.get(0), Duration.ofMinutes(10));
    }
}
