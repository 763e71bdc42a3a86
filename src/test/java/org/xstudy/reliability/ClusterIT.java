package org.xstudy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.TestStudies;

/**
 * Issue 18: three servers from {@code target/quarkus-app} on one database behind HAProxy (round-robin, no
 * stickiness), so that consecutive requests of a participant land on different servers. First 300 people join one
 * server within a second; then 300 take a study through the load balancer while one server is killed with
 * {@code kill -9} and started again. Participant limits and group balance must be exact, no acknowledged answer
 * lost or stored twice, and no page may show a step its participant already had acknowledged. Runs against the
 * packaged jar (failsafe, {@code verify}).
 */
class ClusterIT {

    private static final int NODES = 3;
    private static final int PEOPLE = 300;
    /** The demo study has six groups; both limits divide evenly, so balance means equal counts. */
    private static final int RUSH_PLACES = 150;
    private static final int PLACES = 240;
    private static final int GROUPS = 6;

    @Test
    void threeServersBehindALoadBalancerKeepLimitsBalanceAndAnswersExact() throws Exception {
        Path dir = Path.of("target", "cluster-it");
        java.nio.file.Files.createDirectories(dir);
        List<AppProcess> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= NODES; i++) {
                nodes.add(AppProcess.start(Db.url(), Map.of("XSTUDY_DB_POOL_MAX", "8"),
                        dir.resolve("node" + i + ".log")));
            }
            HttpClient http = HttpParticipant.client(64);
            simultaneousJoinsOnOneServer(nodes.get(0).base(), http);
            try (Haproxy lb = Haproxy.start(nodes.stream().map(AppProcess::base).toList(), dir)) {
                throughTheLoadBalancer(lb.base(), http, nodes.get(NODES - 1));
            }
        } finally {
            for (AppProcess n : nodes) {
                n.close();
            }
        }
    }

    /** 300 people join a 150-place study on one server within one second: exactly 150 get in, 25 per group. */
    private static void simultaneousJoinsOnOneServer(URI server, HttpClient http) throws Exception {
        String slug = AppProcess.openStudy(server, AppProcess.KEY, study(RUSH_PLACES));
        String run = "CJ" + Long.toString(System.nanoTime(), 36);
        List<Callable<Integer>> joins = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String pid = run + "-" + i;
            joins.add(() -> join(new HttpParticipant(http, server, slug), pid));
        }
        long t0 = System.nanoTime();
        List<Integer> statuses = all(joins, PEOPLE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long in = statuses.stream().filter(s -> s == 303).count();
        long full = statuses.stream().filter(s -> s == 409).count();
        List<Object> groups = Db.column("SELECT count(*) FROM participant WHERE external_pid LIKE ? GROUP BY grp",
                run + "-%");
        System.out.printf("cluster rush: %d joins on one server in %.1f s: %d in, %d full, per group %s%n", PEOPLE,
                seconds, in, full, groups);
        assertEquals(RUSH_PLACES, in, "joins let in");
        assertEquals(PEOPLE - RUSH_PLACES, full, "joins told the study is full");
        assertEquals(RUSH_PLACES, Db.scalar("SELECT count(*) FROM participant WHERE external_pid LIKE ?", run + "-%"));
        assertEquals(GROUPS, groups.size(), "every group got participants");
        groups.forEach(n -> assertEquals(RUSH_PLACES / GROUPS, ((Number) n).longValue(), "per group " + groups));
    }

    private static void throughTheLoadBalancer(URI lb, HttpClient http, AppProcess victim) throws Exception {
        String slug = AppProcess.openStudy(lb, AppProcess.KEY, study(PLACES));
        String run = "CL" + Long.toString(System.nanoTime(), 36);
        Map<String, Set<String>> acked = new ConcurrentHashMap<>();
        AtomicInteger acks = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger full = new AtomicInteger();
        List<Callable<String>> walks = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String pid = run + "-" + i;
            Set<String> mine = ConcurrentHashMap.newKeySet();
            acked.put(pid, mine);
            walks.add(() -> {
                Walker w = new Walker(new HttpParticipant(http, lb, slug), mine, acks, stale, retried);
                if (join(w.p, pid) == 409) {
                    full.incrementAndGet();
                    return "full";
                }
                return w.walk();
            });
        }
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(PEOPLE);
        List<Future<String>> outcomes = new ArrayList<>();
        walks.forEach(w -> outcomes.add(pool.submit(w)));
        pool.shutdown();
        while (acks.get() < PLACES * 6 && !pool.isTerminated()) {
            Thread.sleep(5);
        }
        int killedAt = acks.get();
        victim.killHard();
        Thread.sleep(2_000);
        int afterKill = acks.get();
        victim.restart();
        int restartedAt = acks.get();
        assertTrue(pool.awaitTermination(180, TimeUnit.SECONDS), "participants finish");
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> errors = new ArrayList<>();
        for (Future<String> f : outcomes) {
            String o = f.get();
            if (!o.equals("completed") && !o.equals("full")) {
                errors.add(o);
            }
        }

        long lost = 0;
        for (Map.Entry<String, Set<String>> e : acked.entrySet()) {
            Set<String> stored = Set.copyOf(Db.column("SELECT DISTINCT r.step_key::text FROM response r JOIN "
                    + "participant p ON p.id = r.participant_id WHERE p.external_pid = ?", e.getKey()).stream()
                    .map(Object::toString).toList());
            lost += e.getValue().stream().filter(s -> !stored.contains(s)).count();
        }
        long duplicated = Db.scalar("SELECT count(*) FROM (SELECT 1 FROM response r JOIN participant p ON p.id = "
                + "r.participant_id WHERE p.external_pid LIKE ? GROUP BY r.participant_id, r.step_key, r.question "
                + "HAVING count(*) > 1) d", run + "-%");
        List<Object> groups = Db.column("SELECT count(*) FROM participant WHERE external_pid LIKE ? GROUP BY grp",
                run + "-%");
        long completed = Db.scalar("SELECT count(*) FROM participant WHERE external_pid LIKE ? AND status = "
                + "'completed'", run + "-%");
        System.out.printf("cluster: %d servers behind HAProxy, %d people, %.1f s: %d in, %d full, per group %s, "
                + "completed %d; acknowledged %d answers (server killed after %d, %d more while it was down, "
                + "restarted after %d), lost %d, duplicated %d, pages showing an acknowledged step %d, requests "
                + "retried by the client %d, errors %s%n", NODES, PEOPLE, seconds, PLACES, full.get(), groups,
                completed, acks.get(), killedAt, afterKill - killedAt, restartedAt, lost, duplicated, stale.get(),
                retried.get(), errors.stream().limit(5).toList());
        assertTrue(errors.isEmpty(), errors.size() + " participants did not finish: " + errors.stream().limit(5)
                .toList());
        assertEquals(PEOPLE - PLACES, full.get(), "joins told the study is full");
        assertEquals(PLACES, Db.scalar("SELECT count(*) FROM participant WHERE external_pid LIKE ?", run + "-%"));
        assertEquals(GROUPS, groups.size(), "every group got participants");
        groups.forEach(n -> assertEquals(PLACES / GROUPS, ((Number) n).longValue(), "per group " + groups));
        assertEquals(PLACES, completed, "everyone let in completed the study");
        assertEquals(0, lost, "acknowledged answers missing");
        assertEquals(0, duplicated, "answers stored twice");
        assertEquals(0, stale.get(), "pages showing a step already acknowledged");
        assertTrue(afterKill > killedAt, "participants went on answering while a server was down");
        String someone = acked.entrySet().stream().filter(e -> !e.getValue().isEmpty()).findFirst().orElseThrow()
                .getKey();
        HttpParticipant again = new HttpParticipant(http, victim.base(), slug);
        assertEquals(303, join(again, someone), "the restarted server resumes a participant");
        assertTrue(again.page().finished(), "and shows them the end of the study they finished elsewhere");
    }

    /** The demo study with {@code places} places. */
    private static ObjectNode study(int places) {
        return TestStudies.demo(s -> ((ObjectNode) s.get("participants")).put("maxParticipants", places));
    }

    /**
     * Joins; a "busy" 503 (the join waited too long behind others), a 502 (the load balancer found no server) or a
     * broken connection is tried again, as a participant would reload. Returns 303 (in) or 409 (full).
     */
    private static int join(HttpParticipant p, String pid) throws Exception {
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                int status = p.join(pid);
                if (status == 303 || status == 409) {
                    return status;
                }
                if (status < 500) {
                    throw new IllegalStateException(pid + ": join answered " + status);
                }
            } catch (IOException e) {
                // the server went away mid-request
            }
            Thread.sleep(200 + attempt * 50L);
        }
        throw new IllegalStateException(pid + ": could not join");
    }

    /**
     * A participant following the HTML flow through the load balancer: reads the step page, answers it, and
     * records every answer acknowledged with a redirect. A page that asks for an acknowledged step is counted as
     * stale. Server errors and broken connections are tried again (an answer is idempotent: a repeated answer to a
     * stored step changes nothing).
     */
    private static final class Walker {
        final HttpParticipant p;
        final Set<String> acked;
        final AtomicInteger acks;
        final AtomicInteger stale;
        final AtomicInteger retried;

        Walker(HttpParticipant p, Set<String> acked, AtomicInteger acks, AtomicInteger stale, AtomicInteger retried) {
            this.p = p;
            this.acked = acked;
            this.acks = acks;
            this.stale = stale;
            this.retried = retried;
        }

        String walk() throws Exception {
            for (int n = 0; n < 400; n++) {
                HttpParticipant.Page page = page();
                if (page == null) {
                    return "no page";
                }
                if (page.finished()) {
                    return "completed";
                }
                if (page.step() == null) {
                    return "a " + page.status() + " page without a step";
                }
                if (acked.contains(page.step())) {
                    stale.incrementAndGet();
                }
                Map<String, String> answer = ParticipantClient.validAnswer(page.kind(), page.step());
                if (!answer(page.step(), answer)) {
                    return "answer to " + page.step() + " refused";
                }
            }
            return "not finished after 400 pages";
        }

        private HttpParticipant.Page page() throws InterruptedException {
            for (int attempt = 0; attempt < 60; attempt++) {
                try {
                    HttpParticipant.Page page = p.page();
                    if (page.status() < 500) {
                        return page;
                    }
                } catch (IOException e) {
                    // the server went away mid-request
                }
                retried.incrementAndGet();
                Thread.sleep(100 + attempt * 50L);
            }
            return null;
        }

        private boolean answer(String step, Map<String, String> fields) throws InterruptedException {
            for (int attempt = 0; attempt < 60; attempt++) {
                try {
                    int status = p.answer(step, fields);
                    if (status == 303) {
                        acked.add(step);
                        acks.incrementAndGet();
                        return true;
                    }
                    if (status < 500) {
                        return false;
                    }
                } catch (IOException e) {
                    // the server went away mid-request: the answer may be stored; sending it again is safe
                }
                retried.incrementAndGet();
                Thread.sleep(100 + attempt * 50L);
            }
            return false;
        }
    }

    /** Runs every task at once (released together) on {@code threads} threads; their results in order. */
    private static <T> List<T> all(List<Callable<T>> tasks, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return t.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
