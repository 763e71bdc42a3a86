package org.xstudy.prolific;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.console.Users;

/** A researcher's Prolific token: checked with users/me, stored encrypted, never returned, removable. */
@QuarkusTest
@QuarkusTestResource(StandInProlificResource.class)
class ProlificAccountTest {

    @Inject
    Users users;

    @Inject
    DataSource db;

    @Test
    void theTokenIsCheckedStoredEncryptedAndNeverReturned() throws Exception {
        Users.Account r = users.create("researcher");
        StandInProlificApi prolific = StandInProlificResource.api();
        prolific.clearCalls();
        given().header("X-API-Key", r.token()).get("/api/account/prolific").then().statusCode(200)
                .body("connected", equalTo(false));
        given().header("X-API-Key", r.token()).contentType("application/json")
                .body(Map.of("token", StandInProlificResource.TOKEN)).put("/api/account/prolific").then()
                .statusCode(200).body("connected", equalTo(true)).body("prolificUserId", equalTo("researcher-1"))
                .body(not(containsString(StandInProlificResource.TOKEN)));
        assertEquals("GET /api/v1/users/me/", prolific.calls().get(0).line());
        assertEquals("Token " + StandInProlificResource.TOKEN, prolific.calls().get(0).authorization());
        given().header("X-API-Key", r.token()).get("/api/account/prolific").then().statusCode(200)
                .body("connected", equalTo(true)).body(not(containsString(StandInProlificResource.TOKEN)));

        try (var c = db.getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT token_enc FROM prolific_account WHERE user_id = " + r.actor().id())) {
            assertTrue(rs.next());
            byte[] stored = rs.getBytes(1);
            assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(StandInProlificResource.TOKEN),
                    "the token is not stored in clear");
            assertTrue(stored.length >= 12 + StandInProlificResource.TOKEN.length() + 16, "IV + ciphertext + tag");
        }
        try (var c = db.getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM prolific_call WHERE request LIKE '%"
                        + StandInProlificResource.TOKEN + "%' OR response LIKE '%" + StandInProlificResource.TOKEN
                        + "%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the audit log of calls never holds the token");
        }

        given().header("X-API-Key", r.token()).delete("/api/account/prolific").then().statusCode(204);
        given().header("X-API-Key", r.token()).get("/api/account/prolific").then().statusCode(200)
                .body("connected", equalTo(false));
    }

    @Test
    void aTokenProlificRefusesIsABadFieldAndNothingIsStored() {
        Users.Account r = users.create("researcher");
        given().header("X-API-Key", r.token()).contentType("application/json").body(Map.of("token", "wrong-token"))
                .put("/api/account/prolific").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/token"));
        given().header("X-API-Key", r.token()).contentType("application/json").body(Map.of())
                .put("/api/account/prolific").then().statusCode(400).body("errors[0].pointer", equalTo("/token"));
        given().header("X-API-Key", r.token()).get("/api/account/prolific").then().body("connected", equalTo(false));
    }
}
