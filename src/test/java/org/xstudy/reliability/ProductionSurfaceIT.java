package org.xstudy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged server in its production profile: the API description and Swagger UI are not public, and a forged
 * {@code Host} header does not make a redirect point to another site.
 */
class ProductionSurfaceIT {

    @Test
    void apiDocsAreOffAndRedirectsIgnoreTheHostHeader() throws Exception {
        try (AppProcess app = AppProcess.start(Db.url(), Map.of(), Path.of("target", "surface-it-server.log"))) {
            for (String path : new String[] {"/q/openapi", "/q/swagger-ui", "/q/swagger-ui/"}) {
                String answer = get(app, path, "127.0.0.1");
                assertTrue(answer.startsWith("HTTP/1.1 404"), path + ": " + firstLine(answer));
            }
            String login = get(app, "/console/studies", "evil.example");
            assertEquals("HTTP/1.1 303 See Other", firstLine(login));
            assertTrue(login.toLowerCase(java.util.Locale.ROOT).contains("\r\nlocation: /console/login?next="), login);
            assertTrue(!login.contains("evil.example"), login);
        }
    }

    /** A raw GET (the JDK's client will not send a Host header of one's choosing); the whole answer as text. */
    private static String get(AppProcess app, String path, String host) throws Exception {
        try (Socket s = new Socket(app.base().getHost(), app.base().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String firstLine(String answer) {
        int end = answer.indexOf("\r\n");
        return end < 0 ? answer : answer.substring(0, end);
    }
}
