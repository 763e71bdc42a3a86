package org.xstudy.study;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xstudy.study.spec.PublishedSchemaTest;

/**
 * Issue 15: payloads are defined once per (item, explanation) and trials only reference them, so large
 * item × condition designs stay well under the one size limit of a spec, the request body limit
 * ({@code XSTUDY_MAX_BODY}, 2 MB); a spec over it is a 413 problem naming the limit.
 */
@QuarkusTest
class SpecSizeTest {

    private static final long LIMIT = 2L * 1024 * 1024;

    private static int post(String body) {
        return given().header("X-API-Key", TestStudies.KEY).contentType("application/json").body(body)
                .post("/api/studies").then().extract().statusCode();
    }

    @Test
    void anSmvStyleSpecOf80ItemsUnderFourConditionsIsAccepted() throws Exception {
        ObjectNode spec = SmvStudy.spec(80, 40, 4);
        assertEquals(Set.of(), PublishedSchemaTest.schema().validate(spec), "the published schema accepts it");
        String body = spec.toString();
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("SMV spec: 80 items x 4 conditions, 4 lists x 320 trials: %,d bytes%n", bytes);
        assertTrue(bytes < LIMIT / 2, bytes + " bytes");
        assertEquals(201, post(body));
    }

    @Test
    void aSpecOf5000TrialsIsAccepted() {
        ObjectNode spec = SmvStudy.spec(250, 20, 5);
        int trials = 0;
        for (var l : spec.get("design").get("lists")) {
            trials += l.get("trials").size();
        }
        assertEquals(5_000, trials);
        String body = spec.toString();
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("5,000-trial spec: 250 items x 4 conditions, 5 lists: %,d bytes%n", bytes);
        assertTrue(bytes < LIMIT / 2, bytes + " bytes");
        assertEquals(201, post(body));
    }

    @Test
    void aSpecOverTheBodyLimitIs413NamingTheLimit() {
        String spec = SmvStudy.spec(4, 10, 1).toString();
        String body = spec.substring(0, spec.length() - 1) + " ".repeat((int) LIMIT) + "}";
        JsonPath p = given().header("X-API-Key", TestStudies.KEY).contentType("application/json").body(body)
                .post("/api/studies").then().statusCode(413).contentType("application/problem+json").extract()
                .jsonPath();
        assertTrue(p.getString("detail").contains(String.valueOf(LIMIT)), p.getString("detail"));
        String under = spec.substring(0, spec.length() - 1) + " ".repeat((int) (LIMIT - spec.length() - 10)) + "}";
        assertEquals(201, post(under), "just under the limit is accepted: there is no second, lower limit");
    }
}
