package org.xstudy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xstudy.reliability.DbRestartCheck.Exchange;
import org.xstudy.study.TestStudies;

/**
 * A PostgreSQL restart as the server sees it, without restarting the shared cluster: every backend of the test
 * database (the server's pooled connections among them) is ended with {@code pg_terminate_backend}, again and
 * again, while participants answer. No request may fail with a 500; a request that cannot be served is a 503 with
 * {@code Retry-After}; every acknowledged answer is stored exactly once. Runs against the packaged jar (failsafe).
 */
class DbTerminateIT {

    private static final int PARTICIPANTS = Integer.getInteger("terminate.participants", 20);
    private static final int ROUNDS = Integer.getInteger("terminate.rounds", 30);

    @Test
    void terminatedConnectionsGiveNo500AndLoseNoAnswer() throws Exception {
        try (AppProcess app = AppProcess.start(Db.url(), Map.of(), Path.of("target", "terminate-it-server.log"))) {
            String slug = app.openStudy(TestStudies.demo(s -> ((ObjectNode) s.get("participants"))
                    .put("maxParticipants", 100_000)));
            String run = "TB" + Long.toString(System.nanoTime(), 36);
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.SECONDS.toNanos(4 + ROUNDS / 3 + 8);
            ConcurrentLinkedQueue<Exchange> log = new ConcurrentLinkedQueue<>();
            Map<String, Set<String>> acked = new ConcurrentHashMap<>();
            AtomicInteger clientErrors = new AtomicInteger();
            ExecutorService pool = DbRestartCheck.answering(app, slug, run, PARTICIPANTS, end, t0, log, acked,
                    clientErrors);
            Thread.sleep(4_000);
            int terminated = 0;
            for (int r = 0; r < ROUNDS; r++) {
                terminated += terminateAll();
                Thread.sleep(330);
            }
            long lastTermination = (System.nanoTime() - t0) / 1_000_000;
            pool.shutdown();
            assertTrue(pool.awaitTermination(90, TimeUnit.SECONDS), "participants stop by themselves");

            long ok = log.stream().filter(e -> e.status() < 500).count();
            long status500 = log.stream().filter(e -> e.status() >= 500 && e.status() != 503).count();
            long status503 = log.stream().filter(e -> e.status() == 503).count();
            long without = log.stream().filter(e -> e.status() == 503 && e.retryAfter() == null).count();
            long afterwards = log.stream().filter(e -> e.start() > lastTermination + 1_000 && e.status() < 500).count();
            long acknowledged = acked.values().stream().mapToLong(Set::size).sum();
            long lost = DbRestartCheck.lost(acked);
            long duplicated = DbRestartCheck.duplicated(run);
            System.out.printf("db-terminate: participants=%d rounds=%d backends_terminated=%d requests=%d ok=%d "
                    + "500s=%d 503s=%d (without Retry-After %d) acknowledged=%d lost=%d duplicated=%d "
                    + "client_errors=%d%n", PARTICIPANTS, ROUNDS, terminated, log.size(), ok, status500, status503,
                    without, acknowledged, lost, duplicated, clientErrors.get());
            assertTrue(terminated >= ROUNDS, "the server's connections were terminated (" + terminated + ")");
            assertEquals(0, status500, "requests answered with a 5xx other than 503");
            assertEquals(0, without, "503 answers without Retry-After");
            assertEquals(0, lost, "acknowledged answers missing");
            assertEquals(0, duplicated, "answers stored twice");
            assertEquals(0, clientErrors.get(), "requests that failed in the client (timeouts, resets)");
            assertTrue(acknowledged > PARTICIPANTS, "participants answered (" + acknowledged + ")");
            assertTrue(afterwards > 0, "the server serves participants after the last termination");
        }
    }

    /** Ends every other backend of the test database; returns how many. */
    private static int terminateAll() throws Exception {
        try (Connection c = Db.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                        + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
