package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xstudy.study.TestStudies;

/** The analysis pages (results, exclusions) are linked from the study page and served to its console readers only. */
@QuarkusTest
class ResultsLinksTest {

    @Inject
    Users users;

    @Test
    void resultsAndExclusionsAreLinkedAndReachableWithTheConsoleSession() {
        Users.Account owner = users.create("researcher");
        long id = TestStudies.create(TestStudies.demo(s -> s.put("title", "Results of " + owner.email())),
                owner.token());
        ConsoleClient console = ConsoleClient.signedIn(owner.email(), Users.PASSWORD);
        String study = console.get("/console/studies/" + id).asString();
        String results = "/console/studies/" + id + "/results";
        String exclusions = "/console/studies/" + id + "/exclusions.json";
        for (String link : List.of(results, exclusions)) {
            assertTrue(study.contains("href=\"" + link + "\""), link);
        }
        Response page = console.get(results);
        assertEquals(200, page.statusCode(), page.asString());
        assertTrue(page.contentType().startsWith("text/html"));
        assertTrue(page.asString().contains("Simulation accuracy"));
        Response ex = console.get(exclusions);
        assertEquals(200, ex.statusCode());
        assertTrue(ex.jsonPath().getMap("rules") != null);

        ConsoleClient other = ConsoleClient.signedIn(users.create("researcher").email(), Users.PASSWORD);
        for (String link : List.of(results, exclusions)) {
            Response r = other.get(link);
            assertEquals(404, r.statusCode(), link);
            assertFalse(r.asString().contains("Results of"), link);
        }
    }
}
