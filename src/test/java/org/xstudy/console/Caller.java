package org.xstudy.console;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.account.CredentialFilter;

/**
 * Someone sending the probes: a researcher account (its API token on {@code /api/}, its console session and CSRF
 * token on {@code /console}) or a participant, who holds only a participant session cookie.
 */
record Caller(String name, Users.Account account, String session, String csrf, String participantCookie) {

    static Caller researcher(String name, Users.Account account) {
        ConsoleClient c = ConsoleClient.signedIn(account.email(), Users.PASSWORD);
        return new Caller(name, account, c.session, ConsoleClient.csrf(c.get("/console/studies").asString()), null);
    }

    static Caller participant(String cookie) {
        return new Caller("participant", null, null, null, cookie);
    }

    boolean isParticipant() {
        return participantCookie != null;
    }

    Response send(Probes.Probe p) {
        RequestSpecification r = given().redirects().follow(false);
        boolean api = p.path().startsWith("/api");
        if (isParticipant()) {
            r.cookie("xs_session", participantCookie);
        } else if (api) {
            r.header("X-API-Key", account.token());
        } else {
            r.cookie(CredentialFilter.SESSION_COOKIE, session);
        }
        if (p.body() != null || !api && !p.method().equals("GET")) {
            body(r, p, api);
        }
        return r.request(p.method(), p.path());
    }

    private void body(RequestSpecification r, Probes.Probe p, boolean api) {
        Map<String, Object> fields = new LinkedHashMap<>(p.body() == null ? Map.of() : p.body());
        fields.replaceAll((k, v) -> "{caller}".equals(v) ? (account == null ? "" : account.email()) : v);
        if (!api && csrf != null) {
            fields.put("_csrf", csrf);
        }
        String type = p.contentType() != null ? p.contentType()
                : api ? "application/json" : "application/x-www-form-urlencoded";
        if (type.startsWith("multipart/")) {
            fields.forEach((k, v) -> r.multiPart(k, String.valueOf(v)));
        } else if (type.startsWith("application/x-www-form-urlencoded")) {
            r.contentType(type);
            fields.forEach((k, v) -> r.formParam(k, v instanceof List<?> l ? l.toArray() : new Object[] {v}));
        } else {
            r.contentType("application/json").body(fields);
        }
    }
}
