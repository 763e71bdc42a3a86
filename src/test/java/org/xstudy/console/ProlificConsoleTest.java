package org.xstudy.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.prolific.ProlificFixture;
import org.xstudy.prolific.StandInProlificResource;

/** The study's Prolific page in the console offers what the API does: draft, publish, review. */
@QuarkusTest
@QuarkusTestResource(StandInProlificResource.class)
class ProlificConsoleTest {

    @Inject
    Users users;

    @Test
    void theProlificPageDraftsPublishesAndReviews() {
        ProlificFixture f = ProlificFixture.create(users);
        ConsoleClient c = ConsoleClient.signedIn(f.researcher.email(), Users.PASSWORD);
        String page = "/console/studies/" + f.studyId + "/prolific";
        c.get("/console/studies/" + f.studyId).then().statusCode(200).body(containsString("href=\"" + page + "\""));
        c.get(page).then().statusCode(200).body(containsString("id=\"prolific-connected\""))
                .body(containsString("Create the Prolific draft"))
                .body(not(containsString(StandInProlificResource.TOKEN)));
        c.post(page + "/draft", Map.of("title", "<b>Predict</b> a model", "description", "Guess the model.",
                "rewardCents", "120", "places", "8", "estimatedMinutes", "9")).then().statusCode(303);
        String html = c.get(page).then().statusCode(200).extract().asString();
        assertEquals(true, html.contains("id=\"prolific-publish\""), "an unpublished draft can be published");
        c.post(page + "/publish", Map.of()).then().statusCode(303);
        c.get(page).then().statusCode(200).body(containsString("id=\"prolific-status\">ACTIVE<"))
                .body(containsString("POST /api/v1/studies/"));
        c.get("/api/studies/" + f.studyId).then().statusCode(401);
        c.post(page + "/review", Map.of("mode", "dry")).then().statusCode(200)
                .body(containsString("Would approve 0, reject 0, left 0."));
        c.post(page + "/draft", Map.of("title", "", "description", "")).then().statusCode(400)
                .body(containsString("title"));
        c.post(page + "/draft", Map.of("title", "Again", "description", "Guess.", "rewardCents", "120",
                "places", "8", "estimatedMinutes", "9")).then().statusCode(409);
        String prolificTitle = StandInProlificResource.api().calls("POST", "/api/v1/studies/").stream()
                .filter(x -> x.body().contains("Predict</b>")).findFirst().orElseThrow().body();
        assertEquals(true, prolificTitle.contains("\"name\":\"<b>Predict</b> a model\""), prolificTitle);
    }
}
