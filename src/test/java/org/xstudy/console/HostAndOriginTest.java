package org.xstudy.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.account.CredentialFilter;
import org.xstudy.study.TestStudies;

/**
 * Absolute URLs come from {@code xstudy.public-url} (in tests {@code https://xstudy.test.example}), redirects stay
 * relative, and neither a forged {@code Host} header nor a TLS proxy in front changes them. Console forms are
 * refused when another site's page sent them.
 */
@QuarkusTest
class HostAndOriginTest {

    static final String PUBLIC = "https://xstudy.test.example";

    @Inject
    Users users;

    @Test
    void redirectsStayRelativeWhateverTheHostHeader() {
        Response r = given().redirects().follow(false).header("Host", "evil.example").get("/console/studies");
        assertEquals(303, r.statusCode());
        assertTrue(r.getHeader("Location").startsWith("/console/login?next="), r.getHeader("Location"));
        Response created = given().header("Host", "evil.example").header("X-API-Key", TestStudies.KEY)
                .contentType("application/json").body(TestStudies.demo(s -> { }).toString()).post("/api/studies");
        assertEquals(201, created.statusCode(), created.asString());
        assertTrue(created.getHeader("Location").matches("/api/studies/\\d+"), created.getHeader("Location"));
    }

    @Test
    void participantLinksUseThePublicUrlNotTheHostHeader() {
        long id = TestStudies.create(TestStudies.demo(s -> { }));
        String url = given().header("Host", "evil.example").header("X-Forwarded-Host", "evil.example")
                .header("X-API-Key", TestStudies.KEY).get("/api/studies/" + id + "/links").then().statusCode(200)
                .extract().path("participantUrl");
        assertTrue(url.startsWith(PUBLIC + "/s/"), url);
    }

    @Test
    void loginBehindATlsProxyDoesNotRedirectToPlainHttp() {
        Users.Account a = users.create("researcher");
        Response form = given().header("X-Forwarded-Proto", "https").get("/console/login");
        Response r = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .cookie(LoginPages.LOGIN_COOKIE, form.getCookie(LoginPages.LOGIN_COOKIE))
                .contentType("application/x-www-form-urlencoded").formParams(Map.of("email", a.email(), "password",
                        Users.PASSWORD, "_csrf", ConsoleClient.csrf(form.asString()), "next", "/console/studies"))
                .post("/console/login");
        assertEquals(303, r.statusCode(), r.asString());
        assertEquals("/console/studies", r.getHeader("Location"));
        assertTrue(r.getDetailedCookie(CredentialFilter.SESSION_COOKIE).isSecured(), "the session cookie is Secure");
    }

    @Test
    void formsSentFromAnotherSiteAreRefused() {
        Users.Account a = users.create("researcher");
        ConsoleClient c = ConsoleClient.signedIn(a.email(), Users.PASSWORD);
        String csrf = ConsoleClient.csrf(c.get("/console/studies").asString());
        for (Map<String, String> foreign : java.util.List.of(Map.of("Origin", "https://evil.example"),
                Map.of("Origin", "null"), Map.of("Referer", "https://evil.example/page"),
                Map.of("Origin", "https://xstudy.test.example.evil.example"))) {
            Response r = c.req().headers(foreign).contentType("application/x-www-form-urlencoded")
                    .formParam("_csrf", csrf).post("/console/logout");
            assertEquals(403, r.statusCode(), foreign + " " + r.asString());
        }
        assertEquals(200, c.get("/console/studies").statusCode(), "still signed in");
        Response own = c.req().header("Origin", PUBLIC).contentType("application/x-www-form-urlencoded")
                .formParam("_csrf", csrf).post("/console/logout");
        assertEquals(303, own.statusCode(), own.asString());
        assertEquals(303, c.get("/console/studies").statusCode(), "signed out");

        Response form = given().get("/console/login");
        Response login = given().redirects().follow(false).header("Origin", "https://evil.example")
                .cookie(LoginPages.LOGIN_COOKIE, form.getCookie(LoginPages.LOGIN_COOKIE))
                .contentType("application/x-www-form-urlencoded").formParams(Map.of("email", a.email(), "password",
                        Users.PASSWORD, "_csrf", ConsoleClient.csrf(form.asString())))
                .post("/console/login");
        assertEquals(403, login.statusCode());
        assertFalse(login.getCookies().containsKey(CredentialFilter.SESSION_COOKIE), "no session from a foreign form");
    }
}
