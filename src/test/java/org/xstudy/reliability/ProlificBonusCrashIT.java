package org.xstudy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.prolific.StandInProlificApi;
import org.xstudy.study.TestStudies;

/**
 * Bonuses are paid exactly once when the packaged server is killed with SIGKILL between Prolific's two bonus calls:
 * (a) after the stand-in Prolific carried out the bulk-bonus creation, before xstudy heard the answer, and (b) after
 * it carried out the pay call, before xstudy heard the answer. The stand-in ({@link StandInProlificApi}, the same
 * one the in-JVM tests use) runs in this JVM on its own port; the server reaches it through
 * {@code XSTUDY_PROLIFIC_API_URL}. After each kill the server is started again on the same database and asked for the
 * bonuses three more times; the stand-in's record of payments must show each participant paid once, and xstudy must
 * say what is true: paid, or that it cannot tell and what the researcher must check.
 */
class ProlificBonusCrashIT {

    private static final String TOKEN = "crash-it-prolific-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void killedBetweenCreatingAndPayingOrBeforeHearingThePayAnswerPaysEveryoneOnce() throws Exception {
        Path log = Path.of("target", "prolific-bonus-crash-it-server.log");
        try (StandInProlificApi prolific = new StandInProlificApi(TOKEN);
                AppProcess app = AppProcess.start(Db.url(), Map.of("XSTUDY_PROLIFIC_API_URL", prolific.apiUrl(),
                        "XSTUDY_SECRET_KEY", "crash-it-" + java.util.UUID.randomUUID(),
                        // a pay call is under way for at most 3 s here (no retries), so a row the killed server left
                        // "paying" is taken as unanswered soon after the restart
                        "XSTUDY_PROLIFIC_TIMEOUT", "3S", "XSTUDY_PROLIFIC_MAX_RETRIES", "0",
                        "XSTUDY_PROLIFIC_POLL", "1H"), log)) {
            prolific.deliverHooksTo(app.base().toString().replaceAll("/$", ""));
            assertEquals(200, call(app, "PUT", "/api/account/prolific", Map.of("token", TOKEN)).statusCode());
            String slug = "prolific-crash-" + Long.toString(System.nanoTime(), 36);
            ObjectNode spec = TestStudies.demo(s -> ((ObjectNode) s.get("participants")).put("maxParticipants", 50));
            spec.put("slug", slug);
            long studyId = JSON.readTree(call(app, "POST", "/api/studies", spec).body()).get("id").asLong();
            String base = "/api/studies/" + studyId + "/prolific";
            HttpResponse<String> draft = call(app, "PUT", base, Map.of("title", "Predict a movie-review model",
                    "description", "Guess what a model says about short movie reviews.", "rewardCents", 150,
                    "places", 20, "estimatedMinutes", 10));
            assertEquals(200, draft.statusCode(), draft.body());
            String prolificId = JSON.readTree(draft.body()).get("prolificStudyId").asText();
            assertEquals(200, call(app, "POST", base + "/publish", Map.of()).statusCode());
            Map<String, Object> pay = Map.of("perCorrectCents", 10, "dryRun", false);

            // (a) killed after Prolific created the bulk bonus, before xstudy heard of it (so before any pay call)
            List<String> first = complete(app, prolific, prolificId, slug, "CA", 3);
            StandInProlificApi.Hold created = prolific.holdNext("POST", "/api/v1/submissions/bonus-payments/");
            killDuring(app, created, pay, base);
            assertEquals(1, prolific.calls("POST", "/api/v1/submissions/bonus-payments/").size());
            assertEquals(0, prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size());
            app.restart();
            JsonNode a = JSON.readTree(call(app, "POST", base + "/bonuses", pay).body());
            assertEquals("paid", a.path("state").asText(), a.toString());
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> again = call(app, "POST", base + "/bonuses", pay);
                assertEquals(200, again.statusCode(), again.body());
                assertEquals(0, JSON.readTree(again.body()).get("lines").size(), "nobody is owed another bonus");
            }
            assertEquals(1, prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size(), "one pay call");
            assertPaidOnce(prolific, prolificId, first, a);

            // (b) killed after Prolific carried out the pay call, before xstudy heard; Prolific pays asynchronously,
            // so its submissions do not show the bonuses yet when xstudy is asked again
            List<String> second = complete(app, prolific, prolificId, slug, "CB", 3);
            prolific.deferPayments(true);
            StandInProlificApi.Hold paid = prolific.holdNext("POST", "/api/v1/bulk-bonus-payments/");
            killDuring(app, paid, pay, base);
            assertEquals(2, prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size());
            app.restart();
            Thread.sleep(9_000); // past the pay call's longest time under way (3 s) and 5 s of margin

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> again = call(app, "POST", base + "/bonuses", pay);
                JsonNode b = JSON.readTree(again.body());
                assertEquals(2, prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size(),
                        "no second pay call for a bulk bonus whose payment xstudy could not see: " + b);
                assertEquals(200, again.statusCode(), again.body());
                assertEquals("unconfirmed", b.path("state").asText(), "xstudy cannot tell, and says so: " + b);
                assertTrue(b.path("message").asText().contains("confirmUnpaid")
                        && b.path("message").asText().contains(b.path("prolificBulkBonusId").asText()), b.toString());
            }
            assertEquals(2, prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size(),
                    "no second pay call for a bulk bonus whose payment xstudy could not see");
            prolific.settlePayments();
            JsonNode b = JSON.readTree(call(app, "POST", base + "/bonuses", pay).body());
            assertEquals("paid", b.path("state").asText(), "once Prolific shows the bonuses: " + b);
            assertEquals(2, prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size());
            assertPaidOnce(prolific, prolificId, second, b);
            System.out.printf("prolific bonus crash: (a) %d and (b) %d participants, %d create calls, %d pay calls, "
                    + "%d payments%n", first.size(), second.size(),
                    prolific.calls("POST", "/api/v1/submissions/bonus-payments/").size(),
                    prolific.calls("POST", "/api/v1/bulk-bonus-payments/").size(), prolific.payments().size());
        }
    }

    /** Asks for the bonuses, waits until the stand-in has carried out the held call, and kills the server. */
    private void killDuring(AppProcess app, StandInProlificApi.Hold hold, Map<String, Object> pay, String base)
            throws Exception {
        CompletableFuture<Integer> asked = CompletableFuture.supplyAsync(() -> {
            try {
                return call(app, "POST", base + "/bonuses", pay).statusCode();
            } catch (Exception e) {
                return -1;
            }
        });
        assertTrue(hold.awaitCarriedOut(Duration.ofSeconds(120)), "the held call reached the stand-in");
        app.killHard();
        hold.release();
        assertEquals(-1, asked.get(), "the request died with the server");
    }

    /** {@code n} Prolific participants join on Prolific and complete the study on xstudy; their ids. */
    private static List<String> complete(AppProcess app, StandInProlificApi prolific, String prolificId, String slug,
            String prefix, int n) throws Exception {
        List<String> pids = new ArrayList<>();
        HttpClient client = HttpParticipant.client(2);
        for (int i = 0; i < n; i++) {
            String pid = prefix + i + Long.toString(System.nanoTime(), 36);
            prolific.join(prolificId, pid);
            HttpParticipant p = new HttpParticipant(client, app.base(), slug);
            assertEquals(303, p.join(pid));
            // the last page sends the participant back to Prolific (a 303 with no step)
            for (HttpParticipant.Page page = p.page(); page.step() != null; page = p.page()) {
                assertEquals(303, p.answer(page.step(), ParticipantClient.validAnswer(page.kind(), page.step())));
            }
            assertEquals("completed", Db.column("SELECT status FROM participant WHERE external_pid = ?", pid).get(0));
            pids.add(pid);
        }
        return pids;
    }

    /** Every line xstudy reports was paid exactly once on the stand-in, with its amount; nobody else was paid. */
    private static void assertPaidOnce(StandInProlificApi prolific, String prolificId, List<String> pids,
            JsonNode result) {
        assertFalse(result.get("lines").isEmpty(), "someone earned a bonus: " + result);
        for (JsonNode line : result.get("lines")) {
            String pid = line.get("participantId").asText();
            assertTrue(pids.contains(pid), pid);
            List<Integer> paid = prolific.payments().stream().filter(p -> p.studyId().equals(prolificId)
                    && p.participantId().equals(pid)).map(StandInProlificApi.Payment::cents).toList();
            assertEquals(List.of(line.get("cents").asInt()), paid, pid + " paid exactly once");
            assertEquals(paid, prolific.bonusesOf(prolificId, pid), pid + "'s submission shows that one bonus");
        }
        for (String pid : pids) {
            long times = prolific.payments().stream().filter(p -> p.participantId().equals(pid)).count();
            assertTrue(times <= 1, pid + " paid " + times + " times");
        }
    }

    private HttpResponse<String> call(AppProcess app, String method, String path, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(app.base().resolve(path)).timeout(Duration.ofSeconds(150))
                .header("X-API-Key", AppProcess.KEY).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
