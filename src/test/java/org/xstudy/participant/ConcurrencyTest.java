package org.xstudy.participant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.study.TestStudies;

/** Parallel submissions of one participant never store an answer twice. */
@QuarkusTest
class ConcurrencyTest {

    @Inject
    DataSource db;

    @Test
    void twentyParallelSubmissionsOfTheSameAnswerStoreItOnce() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-PARALLEL");
        String step = p.currentStep();
        List<Integer> statuses = parallel(20, () -> p.post(step, Map.of("consent", "yes")).statusCode());
        assertTrue(statuses.stream().allMatch(s -> s == 303), statuses.toString());
        assertEquals(1, count("SELECT count(*) FROM response r JOIN participant p ON p.id = r.participant_id "
                + "WHERE p.external_pid = 'PID-PARALLEL'"));
    }

    /**
     * Issue 18: 90 people join a 60-place study at the same moment. Exactly 60 get in, the others are told it is
     * full, and the demo's six conditions get 10 each: places are decided in PostgreSQL, so a join that has taken a
     * place but not yet committed cannot be missed by another's count.
     */
    @Test
    void simultaneousJoinsFillTheStudyExactlyAndEvenly() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                s.get("participants")).put("maxParticipants", 60)));
        List<java.util.concurrent.Callable<Integer>> joins = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            String pid = "PID-RUSH-" + i;
            joins.add(() -> new ParticipantClient(slug).join(pid).statusCode());
        }
        List<Integer> statuses = parallel(30, joins);
        assertEquals(60, statuses.stream().filter(s -> s == 303).count(), statuses.toString());
        assertEquals(30, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        String study = "(SELECT id FROM study WHERE slug = '" + slug + "')";
        assertEquals(60, count("SELECT count(*) FROM participant WHERE study_id = " + study));
        assertEquals(1, count("SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM participant WHERE study_id = "
                + study + " GROUP BY grp) g"), "every condition got the same number");
    }

    @Test
    void parallelJoinsWithOneProlificIdMakeOneParticipant() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        List<ParticipantClient> clicks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clicks.add(new ParticipantClient(slug));
        }
        List<java.util.concurrent.Callable<Integer>> joins = new ArrayList<>();
        clicks.forEach(c -> joins.add(() -> c.join("PID-DOUBLE-CLICK").statusCode()));
        List<Integer> statuses = parallel(10, joins);
        assertTrue(statuses.stream().allMatch(s -> s == 303), statuses.toString());
        assertEquals(1, count("SELECT count(*) FROM participant WHERE external_pid = 'PID-DOUBLE-CLICK'"));
        // every click got a session of that one participant: answering in one shows in all
        String step = clicks.get(0).currentStep();
        clicks.get(0).post(step, ParticipantClient.validAnswer(clicks.get(0).currentKind(), step));
        String next = clicks.get(9).currentStep();
        assertTrue(!next.equals(step), "the last click's session continues after the first click's answer");
    }

    @Test
    void twoTabsNeverAnswerOneTrialTwice() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient tab1 = new ParticipantClient(slug);
        tab1.join("PID-TABS");
        ParticipantClient tab2 = new ParticipantClient(slug);
        tab2.join("PID-TABS");
        for (int i = 0; i < 8; i++) {
            String step = tab1.currentStep();
            String kind = tab1.currentKind();
            assertEquals(step, tab2.currentStep(), "both tabs show the same next step");
            Map<String, String> a = ParticipantClient.validAnswer(kind, step);
            Map<String, String> b = new java.util.HashMap<>(a);
            b.replace("guess", "negative");
            b.replace("consent", "yes");
            parallel(2, List.of(() -> tab1.post(step, a).statusCode(), () -> tab2.post(step, b).statusCode()));
        }
        assertEquals(0, count("SELECT count(*) FROM (SELECT r.step_key, r.question FROM response r JOIN participant p "
                + "ON p.id = r.participant_id WHERE p.external_pid = 'PID-TABS' GROUP BY 1, 2 HAVING count(*) > 1) d"));
        assertEquals(8, count("SELECT count(DISTINCT r.step_key) FROM response r JOIN participant p "
                + "ON p.id = r.participant_id WHERE p.external_pid = 'PID-TABS'"));
    }

    @Test
    void anAnswerStoredElsewhereFirstKeepsItsRowsAloneAndTheParticipantMovesOn() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-ELSEWHERE");
        String participant = "FROM participant WHERE external_pid = 'PID-ELSEWHERE'";
        String step = p.currentStep();
        p.post(step, ParticipantClient.validAnswer(p.currentKind(), step));
        assertEquals(p.currentStep(), db().text("SELECT current_step " + participant),
                "the answer and the participant's next step are stored together");
        while (!"rating".equals(p.currentKind())) {
            step = p.currentStep();
            p.post(step, ParticipantClient.validAnswer(p.currentKind(), step));
        }
        String trial = p.currentStep();
        // another server stored one of the step's two questions (helpfulness, ease); this server does not know it
        db().execute("INSERT INTO response (study_id, participant_id, step_key, step_index, phase, kind, question, "
                + "answer, shown_at, answered_at, server_rt_ms) SELECT study_id, id, '" + trial
                + "', 0, 'elsewhere', 'rating', 'helpfulness', '1', now(), now(), 1000 " + participant);
        assertEquals(303, p.post(trial, ParticipantClient.validAnswer(p.currentKind(), trial)).statusCode());
        assertEquals(1, count("SELECT count(*) FROM response WHERE step_key = '" + trial
                + "' AND participant_id = (SELECT id " + participant + ")"),
                "none of the answer's rows is stored next to the row stored first");
        assertTrue(!trial.equals(p.currentStep()), "the participant continues after the step answered elsewhere");
        p.finish();
        assertEquals(0, count("SELECT count(*) FROM (SELECT step_key, question FROM response WHERE participant_id = "
                + "(SELECT id " + participant + ") GROUP BY 1, 2 HAVING count(*) > 1) d"));
        assertEquals("completed", db().text("SELECT status " + participant));
    }

    static <T> List<T> parallel(int n, java.util.concurrent.Callable<T> task) throws Exception {
        List<java.util.concurrent.Callable<T>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(task);
        }
        return parallel(n, tasks);
    }

    static <T> List<T> parallel(int n, List<java.util.concurrent.Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (var t : tasks) {
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

    long count(String sql) throws Exception {
        return db().scalar(sql);
    }

    org.xstudy.TestDb db() {
        return new org.xstudy.TestDb(db);
    }
}
