package org.xstudy.participant;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A participant's browser over plain HTTP: keeps the session cookie, reads the current step, posts forms. */
public final class ParticipantClient {

    private static final Pattern STEP = Pattern.compile("name=\"step\" value=\"([^\"]+)\"");
    private static final Pattern KIND = Pattern.compile("data-kind=\"([^\"]+)\"");

    final String slug;
    String cookie;

    public ParticipantClient(String slug) {
        this.slug = slug;
    }

    /** Joins with an optional Prolific id; returns the join response (a redirect on success). */
    public Response join(String prolificPid) {
        return prolificPid == null ? open("/s/" + slug, Map.of())
                : open("/s/" + slug, Map.of("PROLIFIC_PID", prolificPid, "STUDY_ID", "s1", "SESSION_ID", "x1"));
    }

    /** Opens {@code path} with query parameters {@code query}, keeping a session cookie it sets. */
    public Response open(String path, Map<String, String> query) {
        var req = given().redirects().follow(false).queryParams(query);
        if (cookie != null) {
            req.cookie(ParticipantPages.COOKIE, cookie);
        }
        Response r = req.get(path);
        String c = r.getCookie(ParticipantPages.COOKIE);
        if (c != null) {
            cookie = c;
        }
        return r;
    }

    /** The session cookie's value, once joined. */
    public String cookie() {
        return cookie;
    }

    public Response page() {
        var req = given().redirects().follow(false);
        if (cookie != null) {
            req.cookie(ParticipantPages.COOKIE, cookie);
        }
        return req.get("/s/" + slug + "/step");
    }

    public String currentStep() {
        return group(STEP, page().asString());
    }

    public String currentKind() {
        return group(KIND, page().asString());
    }

    public Response post(String step, Map<String, String> fields) {
        Map<String, String> form = new HashMap<>(fields);
        form.put("step", step);
        var req = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParams(form);
        if (cookie != null) {
            req.cookie(ParticipantPages.COOKIE, cookie);
        }
        return req.post("/s/" + slug + "/step");
    }

    /** A valid answer for the demo spec's step kinds (right answers for checks). */
    public static Map<String, String> validAnswer(String kind, String step) {
        Map<String, String> f = new HashMap<>();
        switch (kind) {
            case "consent" -> f.put("consent", "yes");
            case "comprehension" -> f.put("q.task", "What the model will say");
            case "forward", "counterfactual" -> {
                f.put("guess", "positive");
                f.put("rating.confidence", "4");
            }
            case "attention" -> f.put("choice", "Strongly disagree");
            case "rating" -> {
                f.put("rating.helpfulness", "5");
                f.put("rating.ease", "3");
            }
            case "questionnaire" -> {
                f.put("q.age", "33");
                f.put("q.ml_experience", "A little");
            }
            case "freetext" -> f.put("q.strategy", "I looked at the highlighted words.");
            default -> { }
        }
        f.put("rt", "1234");
        return f;
    }

    /** Answers every remaining step validly; returns the number of steps answered. */
    public int finish() {
        int n = 0;
        for (String html = page().asString(); html.contains("name=\"step\""); html = page().asString()) {
            String step = group(STEP, html);
            post(step, validAnswer(group(KIND, html), step));
            n++;
            if (n > 500) {
                throw new AssertionError("study did not end");
            }
        }
        return n;
    }

    static String group(Pattern p, String html) {
        Matcher m = p.matcher(html);
        return m.find() ? m.group(1) : null;
    }
}
