package org.xstudy.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xstudy.acceptance.ReadmeCommand;

/**
 * The packaged server, started with README's command ({@link ReadmeCommand}: {@code java -jar
 * target/quarkus-app/quarkus-run.jar}, built by {@code ./mvnw package}) as a child process on a free loopback port,
 * so that it can be killed with SIGKILL and started again. JVM options go through {@code JAVA_TOOL_OPTIONS}, so the
 * command stays the README's.
 */
public final class AppProcess implements AutoCloseable {

    static final Path JAR = ReadmeCommand.jar();
    /** The researcher key of the started server (production mode refuses the development key). */
    public static final String KEY = "reliability-" + java.util.UUID.randomUUID();

    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    private AppProcess(int port, Map<String, String> env, Path log) {
        this.port = port;
        this.env = env;
        this.log = log;
    }

    /**
     * Starts the jar against the database {@code jdbcUrl}, with extra environment, and waits until it is ready. The
     * join rate limit is off by default: every simulated participant comes from the loopback address.
     */
    public static AppProcess start(String jdbcUrl, Map<String, String> extraEnv, Path log) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw package (or verify) first");
        }
        Map<String, String> env = new java.util.HashMap<>(Map.of("XSTUDY_DB_URL", jdbcUrl, "PORT",
                String.valueOf(freePort()), "XSTUDY_HOST", "127.0.0.1", "XSTUDY_DEMO", "false", "XSTUDY_API_KEY", KEY));
        env.put("XSTUDY_JOIN_RATE", "0");
        env.put("XSTUDY_DEMO_MODELS", "false");
        env.put("XSTUDY_DEMO_AUTO_TRAIN", "false");
        env.putAll(extraEnv);
        AppProcess app = new AppProcess(Integer.parseInt(env.get("PORT")), env, log);
        app.restart();
        return app;
    }

    /** (Re)starts the process on the same port and waits until {@code /q/health/ready} answers 200. */
    void restart() throws Exception {
        // the whole heap from the start: G1's young generation grows to ~300 MB and collects about four times less
        // often under load, at the same pause length (docs/performance.md)
        List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
        String extra = System.getProperty("app.jvm-args", "").strip();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        // README's line as written, with this JVM's java first on the PATH; exec, so that the process is java itself
        List<String> cmd = List.of("bash", "-c", "exec " + ReadmeCommand.javaLine());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("JAVA_TOOL_OPTIONS", String.join(" ", jvm));
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                + System.getenv("PATH"));
        process = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ", see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base().resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        // a node that missed its start must not live on: it would keep claiming work on the test database
        process.destroyForcibly();
        process.waitFor();
        throw new IllegalStateException("server not ready after 180 s, see " + log);
    }

    /** kill -9: the JVM gets no chance to finish requests, commit or flush anything. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** CPU time (user + system) the server process has used so far, in milliseconds; -1 where /proc is missing. */
    long cpuMillis() {
        try {
            return cpuMillis(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One thread's kind (see {@link #threadKind}) and the CPU time it has used so far, in milliseconds. */
    record ThreadCpu(String kind, long millis) {}

    /**
     * CPU time the server's live threads have used so far, by thread id: {@code event loops} (Vert.x I/O threads),
     * {@code workers} (the worker pool), {@code JIT} (compiler threads), {@code GC}, {@code other}. Empty where
     * /proc is missing.
     */
    Map<Long, ThreadCpu> cpuMillisByThread() {
        Map<Long, ThreadCpu> byThread = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    byThread.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(
                            threadKind(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))), cpuMillis(stat)));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return byThread;
    }

    /**
     * CPU milliseconds by thread kind between two readings of {@link #cpuMillisByThread()}: what the threads alive
     * at the second used since the first (all of it for threads started since). Threads that ended in between
     * (idle workers time out) are not counted, so the kinds can sum to less than the process's figure.
     */
    static Map<String, Long> byKindSince(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        Map<String, Long> byKind = new java.util.TreeMap<>();
        after.forEach((tid, t) -> {
            ThreadCpu b = before.get(tid);
            byKind.merge(t.kind(), t.millis() - (b == null ? 0 : b.millis()), Long::sum);
        });
        return byKind;
    }

    /** The kind of a JVM thread by its (kernel-truncated, 15 characters) name. */
    private static String threadKind(String name) {
        if (name.startsWith("vert.x-eventloo")) {
            return "event loops";
        }
        if (name.startsWith("executor-thread")) {
            return "workers";
        }
        if (name.contains("CompilerThre")) {
            return "JIT";
        }
        return name.startsWith("GC Thread") || name.startsWith("G1 ") ? "GC" : "other";
    }

    /** CPU time (user + system) in a {@code /proc/PID/stat} line, in milliseconds. */
    static long cpuMillis(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 (utime, stime), counted after the command name, in clock ticks of 10 ms
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / 100;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    long pid() {
        return process.pid();
    }

    /** Creates and opens a study from {@code spec} through the researcher API; returns its slug. */
    public String openStudy(JsonNode spec) throws IOException, InterruptedException {
        return openStudy(base(), KEY, spec);
    }

    /** Creates and opens a study on the server at {@code base} with the researcher {@code key}; returns its slug. */
    public static String openStudy(URI base, String key, JsonNode spec) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/api/studies"))
                .header("X-API-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("study not created: " + created.body());
        }
        long id = new ObjectMapper().readTree(created.body()).get("id").asLong();
        HttpResponse<String> opened = http.send(HttpRequest.newBuilder(base.resolve("/api/studies/" + id + "/open"))
                .header("X-API-Key", key).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (opened.statusCode() != 200) {
            throw new IllegalStateException("study not opened: " + opened.body());
        }
        return spec.get("slug").asText();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                killHard();
            }
        }
    }
}
