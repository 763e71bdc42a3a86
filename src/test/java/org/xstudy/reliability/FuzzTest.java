package org.xstudy.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.study.TestStudies;

/**
 * Hostile input: generated requests to every participant and researcher endpoint never get a 5xx, never see a stack
 * trace or a Java class name, and leave the database unchanged unless the request was accepted.
 * {@code -Dfuzz.requests=N} and {@code -Dfuzz.seed=S} scale and vary the run.
 */
@QuarkusTest
class FuzzTest {

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 2000);
    private static final long SEED = Long.getLong("fuzz.seed", 7L);
    private static final Pattern LEAK = Pattern.compile("(\\tat |Caused by|Exception\\b|"
            + "\\b(?:java|javax|jakarta|org|io|com|net)\\.(?:[a-z0-9_]+\\.)+[A-Z]\\w*)");

    @TestHTTPResource("/")
    URL root;

    @Inject
    DataSource db;

    @Test
    void generatedHostileRequestsAreRejectedCleanly() throws Exception {
        ObjectNode spec = TestStudies.demo(s -> { });
        String slug = TestStudies.open(spec);
        long draft = TestStudies.create(TestStudies.demo(s -> { }));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        URI base = root.toURI();
        HttpParticipant p = new HttpParticipant(http, base, slug);
        assertEquals(303, p.join("PID-FUZZ"));
        Fuzz fuzz = new Fuzz(SEED, TestStudies.demo(s -> { }), slug, draft, p.cookie(), TestStudies.KEY);

        Map<String, int[]> byEndpoint = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        int serverErrors = 0;
        int accepted = 0;
        int dropped = 0;
        String before = fingerprint();
        while (sent < REQUESTS) {
            Fuzz.Request r = fuzz.next();
            HttpRequest req;
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(r.path())).timeout(Duration.ofSeconds(30))
                        .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(r.body()));
                r.headers().forEach(b::header);
                req = b.build();
            } catch (IllegalArgumentException notSendable) {
                continue;
            }
            HttpResponse<String> res;
            try {
                res = sendRetryingStaleConnection(http, req);
            } catch (java.io.IOException closed) {
                sent++;
                if (!r.overLimit()) {
                    failures.add("no response (" + closed.getClass().getSimpleName() + ": " + closed.getMessage()
                            + "): " + r.describe());
                }
                dropped++;
                continue;
            }
            sent++;
            int status = res.statusCode();
            byEndpoint.computeIfAbsent(r.endpoint(), k -> new int[6])[status / 100]++;
            if (status >= 500) {
                serverErrors++;
                failures.add(status + " for " + r.describe() + " -> " + head(res.body()));
            } else if (LEAK.matcher(res.body()).find()) {
                failures.add("leak in " + status + " for " + r.describe() + " -> " + head(res.body()));
            }
            String after = fingerprint();
            if (status < 400) {
                accepted++;
            } else if (!after.equals(before)) {
                failures.add("rejected request changed the database: " + status + " " + r.describe());
            }
            before = after;
        }
        System.out.printf("fuzz: seed=%d requests=%d accepted=%d 5xx=%d closed-over-limit=%d failures=%d "
                + "by endpoint [1xx..5xx]: %s%n", SEED, sent, accepted, serverErrors, dropped, failures.size(),
                summary(byEndpoint));
        failures.stream().limit(40).forEach(f -> System.out.println("  " + f));
        assertTrue(byEndpoint.size() >= 12, "every endpoint family was exercised: " + byEndpoint.keySet());
        assertEquals(0, serverErrors, "5xx responses");
        assertEquals(List.of(), failures.stream().limit(20).toList());
    }

    /**
     * Every table's row count and sum of row versions (xmin), so any insert, update or delete shows. The
     * participant table is compared by content without the activity time, which a rejected answer may refresh.
     */
    private String fingerprint() throws Exception {
        StringBuilder sql = new StringBuilder();
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                        + "AND tablename <> 'flyway_schema_history' ORDER BY 1")) {
            while (rs.next()) {
                String t = rs.getString(1);
                sql.append(sql.length() == 0 ? "" : " UNION ALL ").append(t.equals("participant")
                        ? "SELECT 'participant', count(*)::text || ':' || coalesce(md5(string_agg((to_jsonb(x) "
                                + "- 'last_seen_at')::text, ',' ORDER BY x.id)), '') FROM participant x"
                        : "SELECT '" + t + "', count(*)::text || ':' || coalesce(sum(xmin::text::bigint), 0) FROM "
                                + t);
            }
        }
        StringBuilder out = new StringBuilder();
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql.toString())) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('=').append(rs.getString(2)).append(' ');
            }
        }
        return out.toString();
    }

    private static String summary(Map<String, int[]> byEndpoint) {
        StringBuilder sb = new StringBuilder();
        byEndpoint.forEach((k, v) -> sb.append(k).append(java.util.Arrays.toString(
                java.util.Arrays.copyOfRange(v, 1, 6))).append(' '));
        return sb.toString();
    }

    private static String head(String body) {
        String b = body.replaceAll("\\s+", " ");
        return b.length() > 300 ? b.substring(0, 300) : b;
    }

    /**
     * Sends {@code req}, once more if the server closed the pooled connection before answering: after a {@code 413}
     * the server closes the connection, and the client may already have picked it for the next request. Browsers
     * retry in that case too.
     */
    private static HttpResponse<String> sendRetryingStaleConnection(HttpClient http, HttpRequest req)
            throws java.io.IOException, InterruptedException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                throw e;
            }
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        }
    }
}
