package org.xstudy.prolific;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Prolific's REST API over {@link HttpClient}: {@code Authorization: Token <token>}, JSON both ways, paths relative
 * to {@code xstudy.prolific.api-url}. A 429 is retried after its {@code Retry-After} (capped by
 * {@code max-retry-wait}, at most {@code max-retries} times). Every attempt goes to the {@link CallLog}. The token
 * is sent only to the configured base URL, never logged.
 */
@ApplicationScoped
public class ProlificClient {

    private static final Logger LOG = Logger.getLogger(ProlificClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whose token a call uses, and what it is for (for the log). */
    public record Caller(String token, Long studyId, Long userId) {}

    @Inject
    ProlificSettings settings;

    @Inject
    CallLog log;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public JsonNode get(Caller c, String path) {
        return send(c, "GET", path, null);
    }

    public JsonNode post(Caller c, String path, Object body) {
        return send(c, "POST", path, body);
    }

    public JsonNode patch(Caller c, String path, Object body) {
        return send(c, "PATCH", path, body);
    }

    /** An answer's JSON body and headers. */
    public record Answer(JsonNode body, java.net.http.HttpHeaders headers) {}

    JsonNode send(Caller c, String method, String path, Object body) {
        return exchange(c, method, path, body).body();
    }

    /** {@code path} is relative to the base URL, or an absolute URL under it (a page's {@code next} link). */
    Answer exchange(Caller c, String method, String path, Object body) {
        String base = settings.apiUrl().endsWith("/") ? settings.apiUrl() : settings.apiUrl() + "/";
        String url = path.startsWith("http") ? path : base + path;
        if (!url.startsWith(base)) {
            throw new ProlificFailure(0, "a link outside " + base + " was not followed");
        }
        String json = body == null ? null : JSON.valueToTree(body).toString();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout())
                .header("Authorization", "Token " + c.token()).header("Accept", "application/json");
        req.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            req.header("Content-Type", "application/json");
        }
        String logged = url.substring(urlPathStart(url));
        for (int attempt = 0; ; attempt++) {
            long start = System.nanoTime();
            HttpResponse<String> res;
            try {
                res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                log.record(c.studyId(), c.userId(), "sent", method, logged, null, json, e.getClass().getSimpleName(),
                        millis(start));
                throw new ProlificFailure(0, e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProlificFailure(0, "interrupted");
            }
            log.record(c.studyId(), c.userId(), "sent", method, logged, res.statusCode(), json, res.body(),
                    millis(start));
            if (res.statusCode() == 429 && attempt < settings.maxRetries()) {
                long wait = retryAfter(res);
                LOG.infof("Prolific answered 429 to %s %s; waiting %d ms", method, logged, wait);
                sleep(wait);
                continue;
            }
            if (res.statusCode() >= 300) {
                throw new ProlificFailure(res.statusCode(), detail(res.body()));
            }
            try {
                return new Answer(res.body() == null || res.body().isBlank() ? JSON.createObjectNode()
                        : JSON.readTree(res.body()), res.headers());
            } catch (IOException e) {
                throw new ProlificFailure(res.statusCode(), "an answer that is not JSON");
            }
        }
    }

    private static int urlPathStart(String url) {
        int scheme = url.indexOf("://");
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? url.length() : slash;
    }

    private long retryAfter(HttpResponse<String> res) {
        long cap = settings.maxRetryWait().toMillis();
        String h = res.headers().firstValue("Retry-After").orElse("1").strip();
        try {
            return Math.min(cap, Math.max(0, (long) (Double.parseDouble(h) * 1000)));
        } catch (NumberFormatException e) {
            return Math.min(cap, 1000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProlificFailure(0, "interrupted");
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Prolific's error sentence ({@code error.detail}, else the body), short. */
    private static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "no details";
        }
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode d = n.path("error").path("detail");
            String s = d.isMissingNode() ? n.toString() : d.isTextual() ? d.asText() : d.toString();
            return s.length() > 500 ? s.substring(0, 500) + "…" : s;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) + "…" : body;
        }
    }
}
