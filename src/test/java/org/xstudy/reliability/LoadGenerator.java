package org.xstudy.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.TestStudies;

/**
 * The load run (not part of the test suite): N concurrent participants each complete the demo study over HTTP on
 * loopback (join, every step, completion), then pgbench measures single-row INSERT transactions on the same
 * PostgreSQL for the ratio. Participants arrive evenly over {@code load.ramp-seconds} (default 20), then all
 * work at once, each pausing {@code load.think-ms} (default 400, drawn uniformly from half to one and a half
 * times that) between receiving a step and answering it; 0 gives a closed loop without think time. Prints
 * p50/p95/p99 of "submit an answer and receive the next step", answers/s, errors and CPU per answer, after an
 * unmeasured warm-up run of {@code load.warmup-participants} (default 2,000) without think time and
 * {@code load.rehearsals} (default 1) unmeasured runs of the measured run's own shape. Bounded: at
 * most 200 steps per participant and {@code load.max-seconds} per run. Refuses non-loopback targets. See
 * docs/reliability.md for the command and settings.
 */
public final class LoadGenerator {

    private static final int MAX_STEPS = 200;

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        int participants = Integer.getInteger("load.participants", 500);
        int maxSeconds = Integer.getInteger("load.max-seconds", 300);
        int rampSeconds = Integer.getInteger("load.ramp-seconds", 20);
        int thinkMs = Integer.getInteger("load.think-ms", 400);
        String url = System.getProperty("load.url");
        String db = System.getProperty("load.db", Db.url());
        AppProcess app = null;
        URI base;
        if (url == null) {
            Map<String, String> env = new java.util.HashMap<>();
            System.getenv().forEach((k, v) -> {
                if (k.startsWith("XSTUDY_") || k.startsWith("QUARKUS_")) {
                    env.put(k, v);
                }
            });
            env.remove("XSTUDY_TEST_DB_URL");
            env.remove("XSTUDY_API_KEY");
            app = AppProcess.start(db, env, Path.of("target", "load-server.log"));
            base = app.base();
        } else {
            base = URI.create(url);
        }
        if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
            System.err.println("refusing " + base + ": the load generator targets loopback addresses only");
            System.exit(2);
        }
        int warmup = Integer.getInteger("load.warmup-participants", 2000);
        String key = url == null ? AppProcess.KEY : System.getProperty("load.key", "dev-researcher-key");
        if (warmup > 0) {
            // a first, unmeasured run lets both JVMs compile the hot paths, as a server that has run a while has
            System.out.println("warm-up: " + run(base, key, warmup, maxSeconds, 0, 0).report());
        }
        for (int i = 0, n = Integer.getInteger("load.rehearsals", 1); i < n; i++) {
            // the measured run's own shape (arrivals, think time) once unmeasured: what the JIT compiled for the
            // closed-loop warm-up is partly undone when the traffic changes shape
            System.out.println("rehearsal: " + run(base, key, participants, maxSeconds, rampSeconds, thinkMs).report());
        }
        long serverCpu0 = app == null ? -1 : app.cpuMillis();
        Map<Long, AppProcess.ThreadCpu> threadCpu0 = app == null ? Map.of() : app.cpuMillisByThread();
        long clientCpu0 = clientCpuMillis();
        long pgCpu0 = postgresCpuMillis();
        try {
            Result r = run(base, key, participants, maxSeconds, rampSeconds, thinkMs);
            long serverCpu = app == null ? -1 : app.cpuMillis() - serverCpu0;
            Map<String, Long> threadCpu = app == null ? Map.of()
                    : AppProcess.byKindSince(threadCpu0, app.cpuMillisByThread());
            long clientCpu = clientCpuMillis() - clientCpu0;
            long pgCpu = postgresCpuMillis() - pgCpu0;
            double pg = pgbench(db, Integer.getInteger("load.pgbench-seconds", 15));
            System.out.println("think time " + thinkMs + " ms (uniform ±50%), ramp " + rampSeconds + " s");
            System.out.println(r.report());
            // CPU per answer is a figure that other work on the machine hardly changes, unlike latency
            System.out.printf("CPU per answer (joins included): server %.2f ms, PostgreSQL %.2f ms, load generator "
                    + "%.2f ms%n", serverCpu < 0 ? Double.NaN : (double) serverCpu / r.answers(),
                    (double) pgCpu / r.answers(), (double) clientCpu / r.answers());
            if (!threadCpu.isEmpty()) {
                // JIT time here is compilation the warm-up left over; request handling is event loops + workers
                StringBuilder kinds = new StringBuilder("server CPU per answer by thread kind:");
                threadCpu.forEach((kind, ms) -> kinds.append(String.format(" %s %.2f ms,", kind,
                        (double) ms / r.answers())));
                System.out.println(kinds.substring(0, kinds.length() - 1));
            }
            System.out.printf("pgbench single-row INSERT transactions: %.0f tps; our answers/s : pgbench tps = %.3f%n",
                    pg, r.answersPerSecond() / pg);
        } finally {
            if (app != null) {
                app.close();
            }
        }
        System.exit(0);
    }

    /**
     * The outcome of a run: latencies of answer+next step (ms), counts, wall time, and the busiest 5 s: the most
     * answers acknowledged in any 5 s window, per second (arrivals ramp up and finishers trail off, so the whole
     * run's average understates what the server sustained while everyone was at work).
     */
    record Result(int participants, int completed, long answers, long errors, double seconds, double[] latencies,
            double peakPerSecond, List<String> errorSamples) {
        double answersPerSecond() {
            return answers / seconds;
        }

        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))];
        }

        String report() {
            return String.format("load: participants=%d completed=%d answers=%d errors=%d wall=%.1f s answers/s=%.0f "
                    + "(busiest 5 s: %.0f/s) submit+next step ms: p50=%.1f p95=%.1f p99=%.1f max=%.1f%s",
                    participants, completed, answers, errors, seconds, answersPerSecond(), peakPerSecond,
                    percentile(50), percentile(95), percentile(99), percentile(100),
                    errorSamples.isEmpty() ? "" : " first errors: " + errorSamples);
        }
    }

    static Result run(URI base, String key, int participants, int maxSeconds, int rampSeconds, int thinkMs)
            throws Exception {
        ObjectNode spec = TestStudies.demo(s -> ((ObjectNode) s.get("participants"))
                .put("maxParticipants", participants * 2));
        String slug = AppProcess.openStudy(base, key, spec);
        PooledTransport http = new PooledTransport(participants);
        ExecutorService pool = Executors.newFixedThreadPool(participants);
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger answers = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger errorCount = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        String run = "LD" + Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < participants; i++) {
            String pid = run + "-" + i;
            long arrival = TimeUnit.SECONDS.toMillis(rampSeconds) * i / participants;
            pool.submit(() -> {
                String doing = "joining";
                try {
                    start.await();
                    Thread.sleep(arrival);
                    HttpParticipant p = new HttpParticipant(http, base, slug);
                    int joined = p.join(pid);
                    if (joined != 303) {
                        throw new IllegalStateException("join answered " + joined);
                    }
                    doing = "opening the first step";
                    HttpParticipant.Page page = p.page();
                    for (int n = 0; n < MAX_STEPS && System.nanoTime() < deadline; n++) {
                        if (page.finished()) {
                            completed.incrementAndGet();
                            return null;
                        }
                        if (page.step() == null) {
                            throw new IllegalStateException("page " + page.status() + " without a step");
                        }
                        if (thinkMs > 0) {
                            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current()
                                    .nextLong(thinkMs / 2, thinkMs * 3L / 2 + 1));
                        }
                        long t0 = System.nanoTime();
                        doing = "answering " + page.step();
                        int status = p.answer(page.step(), ParticipantClient.validAnswer(page.kind(), page.step()));
                        if (status != 303) {
                            throw new IllegalStateException("answer got " + status);
                        }
                        doing = "opening the step after " + page.step();
                        page = p.page();
                        latencies.add((System.nanoTime() - t0) / 1e6);
                        acknowledged.add(System.nanoTime());
                        answers.incrementAndGet();
                    }
                    throw new IllegalStateException("not finished within the bounds");
                } catch (Exception e) {
                    errorCount.incrementAndGet();
                    if (errors.size() < 5) {
                        errors.add(pid + " " + doing + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
                return null;
            });
        }
        long t0 = System.nanoTime();
        start.countDown();
        pool.shutdown();
        if (!pool.awaitTermination(maxSeconds + 30L, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        http.close();
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new Result(participants, completed.get(), answers.get(), errorCount.get(), seconds, sorted,
                busiest(acknowledged, TimeUnit.SECONDS.toNanos(5)), new ArrayList<>(errors));
    }

    /** The most events in any window of {@code window} nanoseconds, per second. */
    static double busiest(java.util.Collection<Long> times, long window) {
        long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
        int best = 0;
        for (int i = 0, j = 0; i < t.length; i++) {
            while (t[i] - t[j] >= window) {
                j++;
            }
            best = Math.max(best, i - j + 1);
        }
        return best * 1e9 / window;
    }

    /** CPU time of every process named {@code postgres} on this machine (loopback runs only), in milliseconds. */
    private static long postgresCpuMillis() {
        long millis = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    if (stat.contains("(postgres)")) {
                        millis += AppProcess.cpuMillis(stat);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return millis;
    }

    private static long clientCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    /** Transactions per second of a single-row INSERT (one per transaction), measured with pgbench on {@code db}. */
    static double pgbench(String jdbcUrl, int seconds) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):?(\\d*)/([^?]+)").matcher(jdbcUrl);
        if (!m.find()) {
            throw new IllegalArgumentException("cannot read host and database from " + jdbcUrl);
        }
        String host = m.group(1);
        String port = m.group(2).isEmpty() ? "5432" : m.group(2);
        String database = m.group(3);
        psql(host, port, database, "CREATE TABLE IF NOT EXISTS pgbench_answer (id BIGSERIAL PRIMARY KEY, "
                + "participant_id BIGINT NOT NULL, step_key TEXT NOT NULL, answer TEXT NOT NULL, "
                + "answered_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        Path script = Files.createTempFile("xstudy-pgbench", ".sql");
        Files.writeString(script, "\\set pid random(1, 1000000)\n"
                + "INSERT INTO pgbench_answer (participant_id, step_key, answer) VALUES (:pid, 'post:r1', 'positive');\n");
        Process p = new ProcessBuilder("pgbench", "-h", host, "-p", port, "-U", "xstudy", "-n", "-c", "8", "-j", "2",
                "-T", String.valueOf(seconds), "-f", script.toString(), database).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        psql(host, port, database, "DROP TABLE pgbench_answer");
        Files.deleteIfExists(script);
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench failed: " + out);
        }
        System.out.println("pgbench (-c 8 -j 2 -T " + seconds + ", one INSERT per transaction):\n" + out.strip());
        return Double.parseDouble(tps.group(1));
    }

    private static void psql(String host, String port, String db, String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-h", host, "-p", port, "-U", "xstudy", "-d", db, "-qc", sql)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
    }
}
