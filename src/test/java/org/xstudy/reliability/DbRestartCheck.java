package org.xstudy.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.TestStudies;

/**
 * The database-restart run (not part of the test suite: it stops the machine's PostgreSQL cluster, which every
 * other user of it notices). Participants answer continuously; PostgreSQL is stopped with {@code pg_ctlcluster
 * ... stop -m fast} for {@code restart.down-seconds} (default 10) and started again. Reports how requests were
 * answered while it was down (status, Retry-After, slowest response), how long the server took to serve answers
 * again by itself, and whether every acknowledged answer is stored exactly once. See docs/reliability.md.
 */
public final class DbRestartCheck {

    /** One HTTP exchange: when it started and ended (ms since the run began), its status and Retry-After. */
    record Exchange(long start, long end, int status, String retryAfter) {}

    private DbRestartCheck() {}

    public static void main(String[] args) throws Exception {
        int participants = Integer.getInteger("restart.participants", 40);
        int downSeconds = Math.min(20, Integer.getInteger("restart.down-seconds", 10));
        String[] cluster = System.getProperty("restart.cluster", "15 main").split(" ");
        try (AppProcess app = AppProcess.start(Db.url(), Map.of(), Path.of("target", "restart-server.log"))) {
            String slug = app.openStudy(TestStudies.demo(s -> ((ObjectNode) s.get("participants"))
                    .put("maxParticipants", 100_000)));
            String run = "RS" + Long.toString(System.nanoTime(), 36);
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.SECONDS.toNanos(downSeconds + 35L);
            ConcurrentLinkedQueue<Exchange> log = new ConcurrentLinkedQueue<>();
            Map<String, Set<String>> acked = new ConcurrentHashMap<>();
            AtomicInteger other = new AtomicInteger();
            ExecutorService pool = answering(app, slug, run, participants, end, t0, log, acked, other);
            Thread.sleep(8_000);
            long stopAt = ms(t0);
            pgctl(cluster, "stop");
            long stopped = ms(t0);
            Thread.sleep(downSeconds * 1000L);
            long startAt = ms(t0);
            pgctl(cluster, "start");
            long started = ms(t0);
            pool.shutdown();
            pool.awaitTermination(downSeconds + 90L, TimeUnit.SECONDS);

            List<Exchange> down = log.stream().filter(e -> e.start() >= stopped && e.end() <= startAt).toList();
            long down503 = down.stream().filter(e -> e.status() == 503 && e.retryAfter() != null).count();
            long slowest = down.stream().mapToLong(e -> e.end() - e.start()).max().orElse(0);
            long firstOk = log.stream().filter(e -> e.start() >= started && e.status() < 500)
                    .mapToLong(Exchange::end).min().orElse(-1);
            long lateErrors = log.stream().filter(e -> firstOk >= 0 && e.start() > firstOk + 5_000
                    && e.status() >= 500).count();
            long ackCount = acked.values().stream().mapToLong(Set::size).sum();
            long lost = lost(acked);
            long duplicates = duplicated(run);
            System.out.printf("db-restart: participants=%d stop issued at %.1f s, down %.1f-%.1f s (pg_ctlcluster stop "
                    + "took %d ms, start %d ms)%n", participants, stopAt / 1e3, stopped / 1e3, started / 1e3,
                    stopped - stopAt, started - startAt);
            System.out.printf("db-restart: while down: requests=%d answered 503+Retry-After=%d other=%d slowest=%d ms%n",
                    down.size(), down503, down.size() - down503, slowest);
            System.out.printf("db-restart: first successful request %d ms after PostgreSQL was up; 5xx later than "
                    + "5 s after that=%d; unexpected client errors=%d%n", firstOk < 0 ? -1 : firstOk - started,
                    lateErrors, other.get());
            System.out.printf("db-restart: acknowledged=%d lost=%d duplicates=%d total requests=%d%n", ackCount, lost,
                    duplicates, log.size());
        }
        System.exit(0);
    }

    /**
     * Starts {@code participants} threads that join (Prolific ids {@code run-i-round}) and answer until {@code end},
     * logging every exchange and each participant's acknowledged steps.
     */
    static ExecutorService answering(AppProcess app, String slug, String run, int participants, long end, long t0,
            ConcurrentLinkedQueue<Exchange> log, Map<String, Set<String>> acked, AtomicInteger other) {
        HttpClient http = HttpParticipant.client(participants);
        ExecutorService pool = Executors.newFixedThreadPool(participants);
        for (int i = 0; i < participants; i++) {
            String worker = run + "-" + i;
            pool.submit(() -> {
                for (int round = 0; System.nanoTime() < end; round++) {
                    String pid = worker + "-" + round;
                    acked.put(pid, ConcurrentHashMap.newKeySet());
                    answerUntil(new HttpParticipant(http, app.base(), slug), pid, end, t0, log, acked.get(pid), other);
                }
                return null;
            });
        }
        return pool;
    }

    /** Acknowledged steps (by Prolific id) that the database does not hold. */
    static long lost(Map<String, Set<String>> acked) throws java.sql.SQLException {
        long lost = 0;
        for (Map.Entry<String, Set<String>> e : acked.entrySet()) {
            Set<String> stored = Set.copyOf(Db.column("SELECT DISTINCT r.step_key FROM response r JOIN participant p "
                    + "ON p.id = r.participant_id WHERE p.external_pid = ?", e.getKey()).stream()
                    .map(Object::toString).toList());
            lost += e.getValue().stream().filter(s -> !stored.contains(s)).count();
        }
        return lost;
    }

    /** Questions answered more than once by the participants of {@code run}. */
    static long duplicated(String run) throws java.sql.SQLException {
        return Db.scalar("SELECT count(*) FROM (SELECT 1 FROM response r JOIN participant p "
                + "ON p.id = r.participant_id WHERE p.external_pid LIKE ? GROUP BY r.participant_id, r.step_key, "
                + "r.question HAVING count(*) > 1) d", run + "-%");
    }

    /** Answers steps (retrying on 503 after 200 ms, 100 ms between requests) until the study ends or {@code end}. */
    private static Void answerUntil(HttpParticipant p, String pid, long end, long t0, ConcurrentLinkedQueue<Exchange> log,
            Set<String> acked, AtomicInteger other) {
        boolean joined = false;
        while (System.nanoTime() < end) {
            try {
                long s = ms(t0);
                if (!joined) {
                    int st = p.join(pid);
                    log.add(new Exchange(s, ms(t0), st, p.retryAfter()));
                    joined = st == 303;
                    pause(st);
                    continue;
                }
                HttpParticipant.Page page = p.page();
                log.add(new Exchange(s, ms(t0), page.status(), p.retryAfter()));
                if (page.finished()) {
                    return null;
                }
                if (page.step() == null) {
                    pause(page.status());
                    continue;
                }
                long a = ms(t0);
                int st = p.answer(page.step(), ParticipantClient.validAnswer(page.kind(), page.step()));
                log.add(new Exchange(a, ms(t0), st, p.retryAfter()));
                if (st == 303) {
                    acked.add(page.step());
                }
                pause(st);
            } catch (Exception e) {
                other.incrementAndGet();
                pause(0);
            }
        }
        return null;
    }

    private static void pause(int status) {
        try {
            Thread.sleep(status >= 500 || status == 0 ? 200 : 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pgctl(String[] cluster, String action) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", cluster[0],
                cluster[1], action));
        if (action.equals("stop")) {
            cmd.addAll(List.of("-m", "fast"));
        }
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
