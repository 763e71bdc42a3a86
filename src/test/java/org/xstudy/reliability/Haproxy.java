package org.xstudy.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy (Debian's {@code /usr/sbin/haproxy}, or {@code XSTUDY_HAPROXY}) in front of xstudy servers on loopback,
 * from a generated configuration: round-robin, no stickiness, health checks on {@code /q/health/ready}, and a
 * request whose server died before answering sent to another one. docs/deploy.md shows the same configuration.
 */
final class Haproxy implements AutoCloseable {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("XSTUDY_HAPROXY", "/usr/sbin/haproxy"));

    private final Process process;
    private final int port;

    private Haproxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts HAProxy on a free loopback port in front of {@code servers}, and waits until it passes requests. */
    static Haproxy start(List<URI> servers, Path dir) throws Exception {
        int port = AppProcess.freePort();
        Files.createDirectories(dir);
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, config(port, servers));
        Process p = new ProcessBuilder(BINARY.toString(), "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("haproxy.log").toFile())).start();
        Haproxy lb = new Haproxy(p, port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("haproxy exited with " + p.exitValue() + ", see " + dir);
            }
            try {
                if (http.send(HttpRequest.newBuilder(lb.base().resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return lb;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        lb.close();
        throw new IllegalStateException("haproxy did not pass requests within 30 s, see " + dir);
    }

    /** The configuration: one frontend on {@code port}, round-robin over {@code servers}. */
    static String config(int port, List<URI> servers) {
        StringBuilder cfg = new StringBuilder("""
                global
                    maxconn 4096

                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    # a request whose server refused or dropped the connection goes to another server; a
                    # repeated answer changes nothing (docs/deploy.md)
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response response-timeout

                frontend participants
                    bind 127.0.0.1:%d
                    default_backend xstudy

                backend xstudy
                    balance roundrobin
                    option httpchk GET /q/health/ready
                    default-server inter 500ms fall 2 rise 2
                """.formatted(port));
        for (int i = 0; i < servers.size(); i++) {
            cfg.append("    server node").append(i + 1).append(' ').append(servers.get(i).getHost()).append(':')
                    .append(servers.get(i).getPort()).append(" check\n");
        }
        return cfg.toString();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
