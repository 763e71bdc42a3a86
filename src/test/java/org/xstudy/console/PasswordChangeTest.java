package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Changing one's own password in the console: checks at the field, CSRF, other sessions ended, audit. */
@QuarkusTest
class PasswordChangeTest {

    static final String NEW = "a brand new passphrase";

    @Inject
    Users users;

    @Inject
    DataSource db;

    static Response change(ConsoleClient c, String current, String password, String confirm) {
        return c.post("/console/password", Map.of("currentPassword", current, "newPassword", password,
                "confirmPassword", confirm));
    }

    @Test
    void wrongCurrentPasswordIsRefusedAtItsField() {
        Users.Account a = users.create("researcher");
        ConsoleClient c = ConsoleClient.signedIn(a.email(), Users.PASSWORD);
        Response r = change(c, "not my password", NEW, NEW);
        assertEquals(400, r.statusCode());
        assertTrue(r.asString().contains("aria-describedby=\"current-password-error\""), r.asString());
        assertTrue(r.asString().contains("id=\"current-password-error\">This is not your current password."));
        assertFalse(r.asString().contains("id=\"new-password-error\""));
        assertEquals(303, ConsoleClient.login(a.email(), Users.PASSWORD).statusCode(), "old password unchanged");
        assertEquals(401, ConsoleClient.login(a.email(), NEW).statusCode());
    }

    @Test
    void newPasswordMustBeLongEnoughAndTypedTwice() {
        Users.Account a = users.create("researcher");
        ConsoleClient c = ConsoleClient.signedIn(a.email(), Users.PASSWORD);
        Response shortOne = change(c, Users.PASSWORD, "too short", "too short");
        assertEquals(400, shortOne.statusCode());
        assertTrue(shortOne.asString().contains("id=\"new-password-error\">Use at least 10 characters."));
        Response differ = change(c, Users.PASSWORD, NEW, NEW + "!");
        assertEquals(400, differ.statusCode());
        assertTrue(differ.asString().contains("id=\"confirm-password-error\""));
        assertEquals(401, ConsoleClient.login(a.email(), NEW).statusCode(), "nothing changed");
    }

    @Test
    void newPasswordWorksOldDoesNotAndOtherSessionsEnd() throws Exception {
        Users.Account a = users.create("researcher");
        ConsoleClient here = ConsoleClient.signedIn(a.email(), Users.PASSWORD);
        ConsoleClient elsewhere = ConsoleClient.signedIn(a.email(), Users.PASSWORD);
        Response r = change(here, Users.PASSWORD, NEW, NEW);
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.asString().contains("id=\"password-changed\""));
        assertEquals(200, here.get("/console/studies").statusCode(), "this session stays signed in");
        Response other = elsewhere.get("/console/studies");
        assertEquals(303, other.statusCode(), "the other session is ended");
        assertTrue(other.getHeader("Location").contains("/console/login"));
        assertEquals(401, ConsoleClient.login(a.email(), Users.PASSWORD).statusCode());
        assertEquals(303, ConsoleClient.login(a.email(), NEW).statusCode());
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT actor, at FROM audit_log WHERE action = 'password.change' AND user_id = ?")) {
            ps.setLong(1, a.actor().id());
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "audit entry");
                assertEquals(a.email(), rs.getString(1));
                assertTrue(rs.getTimestamp(2) != null);
            }
        }
    }

    @Test
    void formWithoutCsrfTokenIsRejected() {
        Users.Account a = users.create("researcher");
        ConsoleClient c = ConsoleClient.signedIn(a.email(), Users.PASSWORD);
        Response r = c.postRaw("/console/password", Map.of("currentPassword", Users.PASSWORD, "newPassword", NEW,
                "confirmPassword", NEW));
        assertEquals(403, r.statusCode());
        assertEquals(303, ConsoleClient.login(a.email(), Users.PASSWORD).statusCode(), "password unchanged");
        assertEquals(200, c.get("/console/password").statusCode());
        assertTrue(c.get("/console/studies").asString().contains("href=\"/console/password\""), "linked in the header");
    }
}
