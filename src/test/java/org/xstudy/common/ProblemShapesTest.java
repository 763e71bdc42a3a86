package org.xstudy.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xstudy.study.TestStudies;

/** Every error is problem+json, and a body that passes a parser limit names the place (JSON pointer) it passed it. */
@QuarkusTest
class ProblemShapesTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aBodyOverTheLimitIs413ProblemJson() throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/studies HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + TestStudies.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 3000000\r\n\r\n{\"title\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(5_000);
            String answer = readUntilQuiet(s.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
            assertTrue(answer.contains("\"status\":413"), answer);
        }
    }

    /** What arrives until the server closes the connection or stays quiet (the whole body is never sent). */
    private static String readUntilQuiet(InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketTimeoutException quiet) {
            // the answer, if any, has arrived
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anOversizedTextNamesItsField() {
        String spec = TestStudies.demo(s -> s.put("title", "t".repeat(200_000))).toString();
        given().header("X-API-Key", TestStudies.KEY).contentType("application/json").body(spec).post("/api/studies")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/title"))
                .body("errors[0].message", equalTo("This text is too long."));
    }

    @Test
    void deepNestingNamesWhereItGoesTooDeep() {
        String spec = TestStudies.demo(s -> { }).toString();
        String deep = "[".repeat(300) + "]".repeat(300);
        given().header("X-API-Key", TestStudies.KEY).contentType("application/json")
                .body(spec.substring(0, spec.length() - 1) + ",\"deep\":" + deep + "}").post("/api/studies")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", startsWith("/deep/0/0/0"))
                .body("errors[0].message", equalTo("This value is nested too deeply."));
    }

    @Test
    void unknownPathsAndMethodsAreProblemJson() {
        given().get("/api/no-such-thing").then().statusCode(404).contentType("application/problem+json");
        given().header("X-API-Key", TestStudies.KEY).delete("/api/studies").then().statusCode(405)
                .contentType("application/problem+json");
    }
}
