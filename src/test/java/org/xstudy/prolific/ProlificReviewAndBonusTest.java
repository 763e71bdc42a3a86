package org.xstudy.prolific;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.console.Users;

/**
 * Review (dry run, then real with a 429 on the way) and performance bonuses paid exactly once, checked in the
 * stand-in's log: two simultaneous requests, a connection killed after Prolific paid, and one killed before (paid
 * again only on the researcher's confirmation). ProlificBonusCrashIT kills the packaged server itself.
 */
@QuarkusTest
@QuarkusTestResource(StandInProlificResource.class)
class ProlificReviewAndBonusTest {

    @Inject
    Users users;

    @Inject
    DataSource db;

    @Test
    void reviewApprovesTheGoodRejectsOnlyWherePolicyAllowsAndLeavesTheRest() {
        ProlificFixture f = ProlificFixture.create(users);
        StandInProlificApi prolific = StandInProlificResource.api();
        String id = f.publish(10);
        Map<String, String> sub = new HashMap<>();
        int[] failures = {0, 2, 1};
        String[] pids = {"R1", "R2", "R3"};
        for (int i = 0; i < pids.length; i++) {
            sub.put(pids[i], prolific.join(id, pids[i]));
            String code = f.take(id, pids[i], sub.get(pids[i]), failures[i]);
            prolific.complete(sub.get(pids[i]), code);
        }
        sub.put("R4", ProlificStudyTest.join(f, prolific, id, "R4"));
        prolific.complete(sub.get("R4"), f.participants().getString("participants.completionCode"));
        JsonPath spec = f.participants();
        assertEquals(spec.getString("participants.failedAttentionCode"), prolific.submission(sub.get("R2"))
                .get("study_code").asText(), "two failed checks end on the FAILED_ATTENTION_CHECK code");

        prolific.clearCalls();
        JsonPath dry = f.api().body(Map.of("dryRun", true)).post("/api/studies/" + f.studyId + "/prolific/review")
                .then().statusCode(200).body("approved", equalTo(1)).body("rejected", equalTo(1))
                .body("left", equalTo(2)).extract().jsonPath();
        assertEquals(Map.of("R1", "APPROVE", "R2", "REJECT", "R3", "LEAVE", "R4", "LEAVE"), actions(dry));
        assertEquals(List.of(sub.get("R1")), dry.getList("requests.find { it.path == 'submissions/bulk-approve/' }"
                + ".body.submission_ids"));
        String message = dry.getString("requests.find { it.body.action == 'REJECT' }.body.message");
        assertTrue(message.length() >= 100, message);
        assertEquals("FAILED_CHECK", dry.getString("requests.find { it.body.action == 'REJECT' }"
                + ".body.rejection_category"));
        assertEquals(0, prolific.calls().stream().filter(c -> c.method().equals("POST")).count(),
                "a dry run sends nothing");

        prolific.clearCalls();
        prolific.throttle(1, 1);
        long start = System.nanoTime();
        f.api().body(Map.of("dryRun", false)).post("/api/studies/" + f.studyId + "/prolific/review").then()
                .statusCode(200).body("approved", equalTo(1)).body("rejected", equalTo(1));
        assertTrue(System.nanoTime() - start >= 1_000_000_000L, "the 429's Retry-After was waited for");
        assertEquals(429, prolific.calls().get(0).status());
        assertEquals("APPROVED", prolific.submission(sub.get("R1")).get("status").asText());
        assertEquals("REJECTED", prolific.submission(sub.get("R2")).get("status").asText());
        assertEquals("AWAITING REVIEW", prolific.submission(sub.get("R3")).get("status").asText());
        assertEquals("AWAITING REVIEW", prolific.submission(sub.get("R4")).get("status").asText());
        List<String> sent = prolific.calls().stream().filter(c -> c.method().equals("POST") && c.status() == 200)
                .map(c -> c.body()).toList();
        assertTrue(sent.stream().anyMatch(b -> b.contains("\"submission_ids\":[\"" + sub.get("R1") + "\"]")),
                "the real run sent what the dry run listed: " + sent);
        assertTrue(sent.stream().anyMatch(b -> b.contains(message.substring(0, 60))), sent.toString());
    }

    @Test
    void bonusesFollowAccuracyAndArePaidExactlyOnce() throws Exception {
        ProlificFixture f = ProlificFixture.create(users);
        StandInProlificApi prolific = StandInProlificResource.api();
        String id = f.publish(10);
        for (String pid : new String[] {"B1", "B2"}) {
            String s = prolific.join(id, pid);
            prolific.complete(s, f.take(id, pid, s, 0));
        }
        Map<String, Object> ask = Map.of("perCorrectCents", 10, "capCents", 100, "dryRun", true);
        JsonPath dry = f.api().body(ask).post("/api/studies/" + f.studyId + "/prolific/bonuses").then()
                .statusCode(200).extract().jsonPath();
        for (String pid : new String[] {"B1", "B2"}) {
            int correct = correct(f, pid);
            assertTrue(correct > 0, pid + " got some predictions right");
            assertEquals(Math.min(100, 10 * correct), dry.getInt("lines.find { it.participantId == '" + pid
                    + "' }.cents"), pid);
        }
        assertEquals(0, prolific.calls("POST", "/api/v1/submissions/bonus-payments/").size(), "dry run");

        Map<String, Object> pay = new HashMap<>(ask);
        pay.put("dryRun", false);
        List<Integer> statuses = twiceAtOnce(f, pay);
        assertTrue(statuses.contains(200), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409), statuses.toString());
        assertEquals(1, prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size(), "one pay call");
        assertEquals(List.of(dry.getInt("lines.find { it.participantId == 'B1' }.cents")),
                prolific.bonusesOf(id, "B1"));
        f.api().body(pay).post("/api/studies/" + f.studyId + "/prolific/bonuses").then().statusCode(200)
                .body("lines.size()", equalTo(0));
        assertEquals(1, prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size(), "asking again pays nobody");

        // the answer to the pay call lost after Prolific paid: the retry sees the bonus on Prolific and does not pay
        String s3 = prolific.join(id, "B3");
        prolific.complete(s3, f.take(id, "B3", s3, 0));
        prolific.failNextPay(StandInProlificApi.PayFault.DROP_AFTER_PAYING);
        f.api().body(pay).post("/api/studies/" + f.studyId + "/prolific/bonuses").then().statusCode(502);
        assertEquals("unconfirmed", state(f));
        f.api().body(pay).post("/api/studies/" + f.studyId + "/prolific/bonuses").then().statusCode(200)
                .body("state", equalTo("paid"));
        assertEquals(2, prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size());
        assertEquals(1, prolific.bonusesOf(id, "B3").size(), "B3 paid once");

        // the pay call lost before it reached Prolific: never paid again on xstudy's own, only once the researcher
        // confirms this bulk bonus (by its Prolific id) was not paid; a double click on the confirmation pays once
        String s4 = prolific.join(id, "B4");
        prolific.complete(s4, f.take(id, "B4", s4, 0));
        prolific.failNextPay(StandInProlificApi.PayFault.DROP_BEFORE_PAYING);
        f.api().body(pay).post("/api/studies/" + f.studyId + "/prolific/bonuses").then().statusCode(502);
        String bulk = f.api().body(pay).post("/api/studies/" + f.studyId + "/prolific/bonuses").then()
                .statusCode(200).body("state", equalTo("unconfirmed")).extract().path("prolificBulkBonusId");
        Map<String, Object> wrong = new HashMap<>(pay);
        wrong.put("confirmUnpaid", "bonus-of-another-study");
        f.api().body(wrong).post("/api/studies/" + f.studyId + "/prolific/bonuses").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/confirmUnpaid"));
        assertEquals(3, prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size(), "no pay call unconfirmed");
        assertEquals(0, prolific.bonusesOf(id, "B4").size());
        Map<String, Object> confirmed = new HashMap<>(pay);
        confirmed.put("confirmUnpaid", bulk);
        for (int status : twiceAtOnce(f, confirmed)) {
            assertTrue(List.of(200, 409).contains(status), "double click on the confirmation: " + status);
        }
        f.api().body(pay).post("/api/studies/" + f.studyId + "/prolific/bonuses").then().statusCode(200)
                .body("lines.size()", equalTo(0));
        assertEquals("paid", state(f));
        assertEquals(1, prolific.bonusesOf(id, "B4").size(), "B4 paid once");
        assertEquals(List.of(1, 1, 1, 1), List.of(prolific.bonusesOf(id, "B1").size(),
                prolific.bonusesOf(id, "B2").size(), prolific.bonusesOf(id, "B3").size(),
                prolific.bonusesOf(id, "B4").size()), "everyone was paid exactly once");
        f.api().get("/api/studies/" + f.studyId + "/prolific/log").then().statusCode(200)
                .body("findAll { it.path.contains('/pay/') }.size()", equalTo(4));
    }

    /** Sends the same bonus request twice at the same moment; the two statuses. */
    private static List<Integer> twiceAtOnce(ProlificFixture f, Map<String, Object> body) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Response>> twice = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            twice.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return f.api().body(body).post("/api/studies/" + f.studyId + "/prolific/bonuses");
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Response> r : twice) {
            statuses.add(r.get().statusCode());
        }
        return statuses;
    }

    private static Map<String, String> actions(JsonPath p) {
        Map<String, String> out = new HashMap<>();
        List<Map<String, Object>> decisions = p.getList("decisions");
        decisions.forEach(d -> out.put((String) d.get("participantId"), (String) d.get("action")));
        return out;
    }

    private int correct(ProlificFixture f, String pid) throws Exception {
        try (var c = db.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT count(*) FROM response r JOIN participant p ON p.id = r.participant_id WHERE p.study_id = "
                        + f.studyId + " AND p.external_pid = '" + pid + "' AND r.question = 'guess' AND r.correct")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String state(ProlificFixture f) throws Exception {
        try (var c = db.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT state FROM prolific_bonus WHERE study_id = " + f.studyId + " ORDER BY id DESC LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
