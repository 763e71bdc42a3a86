package org.xstudy.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A participant's browser over a {@link Transport}, by default the JDK's {@link HttpClient} (no shared static
 * state, safe across threads): keeps the session cookie, reads the current step from the page and posts answer
 * forms. Used by the crash check and the
 * load generator against a server started outside the test JVM.
 */
final class HttpParticipant {

    private static final Pattern STEP = Pattern.compile("name=\"step\" value=\"([^\"]+)\"");
    private static final Pattern KIND = Pattern.compile("data-kind=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("xs_session=([^;]+)");
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The step a page asks for; {@code null} key when the study has ended for this participant. */
    record Page(int status, String step, String kind, String body) {
        boolean finished() {
            return status == 200 && step == null;
        }
    }

    /** What a participant's browser needs from one response. */
    record Reply(int status, String body, List<String> setCookies, String retryAfter) {}

    /** One HTTP exchange on behalf of a participant: a GET ({@code form == null}) or a form POST. */
    interface Transport {
        Reply exchange(URI uri, String cookie, String form) throws IOException, InterruptedException;
    }

    private final Transport http;
    private final URI base;
    private final String slug;
    private String cookie;
    private String retryAfter;

    HttpParticipant(HttpClient http, URI base, String slug) {
        this(jdk(http), base, slug);
    }

    HttpParticipant(Transport http, URI base, String slug) {
        this.http = http;
        this.base = base;
        this.slug = slug;
    }

    static HttpClient client(int threads) {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(java.util.concurrent.Executors.newFixedThreadPool(threads))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The JDK's client as a transport. */
    static Transport jdk(HttpClient http) {
        return (uri, cookie, form) -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
            if (cookie != null) {
                b.header("Cookie", "xs_session=" + cookie);
            }
            if (form != null) {
                b.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().allValues("Set-Cookie"),
                    r.headers().firstValue("Retry-After").orElse(null));
        };
    }

    /** Joins (or resumes) with a Prolific id; returns the HTTP status (303 on success). */
    int join(String pid) throws IOException, InterruptedException {
        URI uri = base.resolve("/s/" + slug + "?PROLIFIC_PID=" + pid + "&STUDY_ID=load&SESSION_ID=s-" + pid);
        Reply r = http.exchange(uri, cookie, null);
        retryAfter = r.retryAfter();
        r.setCookies().forEach(c -> {
            Matcher m = COOKIE.matcher(c);
            if (m.find()) {
                cookie = m.group(1);
            }
        });
        return r.status();
    }

    String cookie() {
        return cookie;
    }

    /** The current step page. */
    Page page() throws IOException, InterruptedException {
        Reply r = http.exchange(base.resolve("/s/" + slug + "/step"), cookie, null);
        retryAfter = r.retryAfter();
        String body = r.body();
        return new Page(r.status(), group(STEP, body), group(KIND, body), body);
    }

    /** Posts an answer to {@code step}; returns the HTTP status (303 when it was stored or already stored). */
    int answer(String step, Map<String, String> fields) throws IOException, InterruptedException {
        String form = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&", "step=" + enc(step) + "&", ""));
        Reply r = http.exchange(base.resolve("/s/" + slug + "/step"), cookie, form);
        retryAfter = r.retryAfter();
        return r.status();
    }

    /** The Retry-After header of the last page or answer response, if any. */
    String retryAfter() {
        return retryAfter;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String group(Pattern p, String html) {
        Matcher m = p.matcher(html);
        return m.find() ? m.group(1) : null;
    }
}
