package org.xstudy.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xstudy.study.TestStudies;

/**
 * Every HTML page carries the same Content-Security-Policy and frame protection: participant pages, the console,
 * the results page (issue 14: it had neither) and error pages.
 */
@QuarkusTest
class HtmlHeadersTest {

    @Test
    void everyHtmlPageHasTheSamePolicyAndCannotBeFramed() {
        long id = TestStudies.create(TestStudies.demo(s -> { }));
        String slug = given().header("X-API-Key", TestStudies.KEY).get("/api/studies/" + id).path("slug");
        List<Response> pages = List.of(
                given().header("X-API-Key", TestStudies.KEY).accept("text/html").get("/api/studies/" + id + "/results"),
                given().get("/console/login"),
                given().get("/s/" + slug),
                given().get("/s/no-such-study"));
        for (Response page : pages) {
            assertTrue(page.contentType().startsWith("text/html"), page.contentType() + " " + page.asString());
            assertEquals(SecurityHeaders.PAGE_POLICY, page.getHeader("Content-Security-Policy"), page.asString());
            assertEquals("DENY", page.getHeader("X-Frame-Options"));
            assertEquals("nosniff", page.getHeader("X-Content-Type-Options"));
            assertTrue(!page.getHeader("Content-Security-Policy").contains("unsafe-inline"));
        }
    }
}
