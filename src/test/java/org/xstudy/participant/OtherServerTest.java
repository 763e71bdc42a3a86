package org.xstudy.participant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.TestDb;
import org.xstudy.study.TestStudies;

/**
 * Issue 18: another server sharing the database moves a participant on while this server holds their session in
 * memory. "Another server" is the database changed as {@link AnswerStore} changes it (answer rows, the row's next
 * step, its version counted up); this server must then neither show the step answered there nor write its old copy
 * back.
 */
@QuarkusTest
class OtherServerTest {

    @Inject
    DataSource db;

    @Test
    void aStepAnsweredOnAnotherServerIsNeverShownAgainHere() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-OTHER-SERVER");
        String row = "FROM participant WHERE external_pid = 'PID-OTHER-SERVER'";
        String first = p.currentStep();
        p.post(first, ParticipantClient.validAnswer(p.currentKind(), first));
        String second = p.currentStep();
        assertNotEquals(first, second);
        long version = db().scalar("SELECT version " + row);

        db().execute("INSERT INTO response (study_id, participant_id, step_key, step_index, phase, kind, question, "
                + "answer, shown_at, answered_at, server_rt_ms) SELECT study_id, id, '" + second + "', 1, 'other', "
                + "'instructions', 'ok', 'ok', now(), now(), 1000 " + row);
        db().execute("UPDATE participant SET current_step = plan->2->>'key', current_shown_at = now(), "
                + "version = version + 1 WHERE external_pid = 'PID-OTHER-SERVER'");
        String third = db().text("SELECT current_step " + row);

        assertEquals(third, p.currentStep(), "the page shows the step after the one answered elsewhere");
        assertEquals(303, p.post(second, ParticipantClient.validAnswer("instructions", second)).statusCode(),
                "answering the step again changes nothing");
        assertEquals(1, db().scalar("SELECT count(*) FROM response WHERE step_key = '" + second
                + "' AND participant_id = (SELECT id " + row + ")"));
        assertEquals(third, db().text("SELECT current_step " + row), "this server wrote no older state back");
        assertEquals(version + 1, db().scalar("SELECT version " + row));

        p.post(third, ParticipantClient.validAnswer(p.currentKind(), third));
        assertEquals(version + 2, db().scalar("SELECT version " + row), "each answer counts the version up once");
        assertEquals(p.currentStep(), db().text("SELECT current_step " + row));
    }

    @Test
    void anAnswerComputedFromAnOvertakenCopyIsJudgedAgainstTheStoredRow() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-OVERTAKEN");
        String row = "FROM participant WHERE external_pid = 'PID-OVERTAKEN'";
        String first = p.currentStep();
        p.post(first, ParticipantClient.validAnswer(p.currentKind(), first));
        String second = p.currentStep();
        db().execute("INSERT INTO response (study_id, participant_id, step_key, step_index, phase, kind, question, "
                + "answer, shown_at, answered_at, server_rt_ms) SELECT study_id, id, '" + second + "', 1, 'other', "
                + "'instructions', 'ok', 'ok', now(), now(), 1000 " + row);
        db().execute("UPDATE participant SET current_step = plan->2->>'key', version = version + 1 "
                + "WHERE external_pid = 'PID-OVERTAKEN'");
        String third = db().text("SELECT current_step " + row);
        // this server's copy still says the second step is next; the participant answers the third (shown elsewhere)
        int status = p.post(third, ParticipantClient.validAnswer(kindOf(slug, third), third)).statusCode();
        assertEquals(303, status, "the answer to the step current in the database is taken, not refused with 409");
        assertEquals(1, db().scalar("SELECT count(*) FROM response WHERE step_key = '" + third
                + "' AND participant_id = (SELECT id " + row + ")"));
        assertNotEquals(third, p.currentStep());
    }

    @Test
    void aStudyPausedOnAnotherServerTakesNoAnswerAndNoJoinHereFromThatMoment() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-PAUSED-ELSEWHERE");
        String first = p.currentStep();
        p.post(first, ParticipantClient.validAnswer(p.currentKind(), first));
        String second = p.currentStep();
        String kind = p.currentKind();
        // another server paused the study: this one heard nothing of it and holds the study as open
        db().execute("UPDATE study SET status = 'paused' WHERE slug = '" + slug + "'");

        assertEquals(503, new ParticipantClient(slug).join("PID-JOINS-PAUSED").statusCode(), "no join");
        assertEquals(0, db().scalar("SELECT count(*) FROM participant WHERE external_pid = 'PID-JOINS-PAUSED'"));
        assertEquals(503, p.post(second, ParticipantClient.validAnswer(kind, second)).statusCode(),
                "the answer meets the paused study");
        assertEquals(0, db().scalar("SELECT count(*) FROM response r JOIN participant p ON p.id = r.participant_id "
                + "WHERE p.external_pid = 'PID-PAUSED-ELSEWHERE' AND r.step_key = '" + second + "'"));
    }

    private String kindOf(String slug, String step) throws Exception {
        return db().text("SELECT s->>'kind' FROM participant, jsonb_array_elements(plan) s "
                + "WHERE external_pid = 'PID-OVERTAKEN' AND s->>'key' = '" + step + "'");
    }

    private TestDb db() {
        return new TestDb(db);
    }
}
