package org.xstudy.dataset;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.TestDb;
import org.xstudy.console.Users;

/** The data set API on the real database: CSV and JSONL round trips, row errors, limits and ownership. */
@QuarkusTest
class DatasetApiTest {

    @Inject
    Users users;

    @Inject
    DataSource db;

    static Response upload(Users.Account who, String fileName, String content, String name) {
        var r = given().header("X-API-Key", who.token())
                .multiPart("file", fileName, content.getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        if (name != null) {
            r.multiPart("name", name);
        }
        return r.post("/api/datasets");
    }

    private long stored(Users.Account who, String table) throws Exception {
        String where = table.equals("dataset") ? "owner_id = " + who.actor().id()
                : "dataset_id in (select id from dataset where owner_id = " + who.actor().id() + ")";
        return new TestDb(db).scalar("select count(*) from " + table + " where " + where);
    }

    @Test
    void csvAndJsonlRoundTrip() throws Exception {
        Users.Account a = users.create("researcher");
        String csv = "\uFEFFid,text,label\r\n"
                + "1,\"A fine, quoted film\",positive\r\n"
                + "2,\"Two lines\nin one \"\"cell\"\"\",negative\r\n"
                + "\r\n"
                + "3,  plain text  ,neutral\r\n";
        JsonPath created = upload(a, "reviews.csv", csv, "Reviews").then().statusCode(201)
                .header("Location", containsString("/api/datasets/")).extract().jsonPath();
        long id = created.getLong("id");
        assertEquals("csv", created.getString("format"));
        assertEquals(3, created.getInt("rows"));
        assertEquals(List.of("positive", "negative", "neutral"), created.getList("labels"));
        JsonPath page = given().header("X-API-Key", a.token()).get("/api/datasets/" + id + "?size=2")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("A fine, quoted film", page.getString("rows[0].text"));
        assertEquals("Two lines\nin one \"cell\"", page.getString("rows[1].text"));
        assertEquals(2, page.getList("rows").size());
        given().header("X-API-Key", a.token()).get("/api/datasets/" + id + "?page=1&size=2").then()
                .statusCode(200).body("rows[0].position", equalTo(3)).body("rows[0].text", equalTo("plain text"));

        String jsonl = "{\"text\": \"good \\\"one\\\"\", \"label\": \"pos\", \"extra\": 1}\n\n"
                + "{\"label\": \"neg\", \"text\": \"bad one\"}\n";
        JsonPath j = upload(a, "more.jsonl", jsonl, null).then().statusCode(201).extract().jsonPath();
        assertEquals("more", j.getString("name"), "the name defaults to the file name");
        assertEquals("jsonl", j.getString("format"));
        given().header("X-API-Key", a.token()).get("/api/datasets/" + j.getLong("id")).then().statusCode(200)
                .body("rows[0].text", equalTo("good \"one\"")).body("rows[1].label", equalTo("neg"));
        given().header("X-API-Key", a.token()).get("/api/datasets").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.hasItems("Reviews", "more"));
        assertEquals(5, stored(a, "dataset_row"));
        assertEquals(2, new TestDb(db).scalar("select count(*) from audit_log where action = 'dataset.import' "
                + "and user_id = " + a.actor().id()));
    }

    @Test
    void everyBadRowIsReportedAndNothingIsWritten() throws Exception {
        Users.Account a = users.create("researcher");
        String csv = "text,label\n"
                + "fine,pos\n"
                + ",neg\n"
                + "no label here\n"
                + "fine again,neg\n"
                + "\"multi\nline\",\n"
                + "x".repeat(2001) + ",pos\n";
        JsonPath p = upload(a, "bad.csv", csv, "Bad").then().statusCode(400)
                .contentType("application/problem+json").extract().jsonPath();
        assertEquals(List.of("/rows/2/text", "/rows/3/label", "/rows/5/label", "/rows/6/text"),
                p.getList("errors.pointer"));
        assertTrue(p.getString("errors[0].message").startsWith("Row 2 (line 3): text is empty"),
                p.getString("errors[0].message"));
        assertTrue(p.getString("errors[2].message").contains("line 6"), p.getString("errors[2].message"));
        assertTrue(p.getString("errors[3].message").contains("line 8"), p.getString("errors[3].message"));
        assertTrue(p.getString("detail").contains("4 errors"));

        String jsonl = "{\"text\": \"ok\", \"label\": \"a\"}\nnot json\n{\"text\": \"x\", \"label\": 1}\n"
                + "{\"text\": \"y\"}\n";
        JsonPath q = upload(a, "bad.jsonl", jsonl, "Bad").then().statusCode(400).extract().jsonPath();
        assertEquals(List.of("/rows/2", "/rows/3/label", "/rows/4/label"), q.getList("errors.pointer"));
        assertTrue(q.getString("errors[1].message").contains("label must be a string"));

        upload(a, "broken.csv", "text,label\nok,a\n\"unclosed,b\nmore,c\n", "Bad").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/rows/2"))
                .body("errors[0].message", containsString("malformed"));
        assertEquals(0, stored(a, "dataset"));
        assertEquals(0, stored(a, "dataset_row"));
    }

    @Test
    void limitsAreEnforcedWithTheField() throws Exception {
        Users.Account a = users.create("researcher");
        StringBuilder many = new StringBuilder("text,label\n");
        for (int i = 0; i <= 20_000; i++) {
            many.append("t").append(i).append(',').append(i % 2).append('\n');
        }
        upload(a, "many.csv", many.toString(), null).then().statusCode(400).body("errors[0].pointer", equalTo("/rows"))
                .body("errors[0].message", containsString("20000"));
        String atLimit = many.substring(0, many.lastIndexOf("t20000,"));
        long start = System.nanoTime();
        upload(a, "limit.csv", atLimit, "At the limit").then().statusCode(201).body("rows", equalTo(20_000));
        System.out.printf("imported 20,000 rows (%d bytes) in %d ms%n", atLimit.length(),
                (System.nanoTime() - start) / 1_000_000);
        String big = "text,label\n" + ("y".repeat(1000) + ",a\n").repeat(1600);
        upload(a, "big.csv", big, null).then().statusCode(413).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/file"));
        upload(a, "one.csv", "text,label\na,same\nb,same\n", null).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/labels"));
        upload(a, "head.csv", "sentence,label\na,x\n", null).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/header"));
        upload(a, "data.txt", "text,label\na,x\nb,y\n", null).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/format"));
        upload(a, "latin1.csv", "", null).then().statusCode(400).body("errors[0].pointer", equalTo("/file"));
        given().header("X-API-Key", a.token()).multiPart("file", "l.csv",
                "text,label\ncaf\u00e9,x\n".getBytes(StandardCharsets.ISO_8859_1)).post("/api/datasets").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/file"));
        upload(a, "ok.csv", "text,label\na,x\nb,y\n", "Twice").then().statusCode(201);
        upload(a, "ok.csv", "text,label\na,x\nb,y\n", "Twice").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/name"));
        assertEquals(2, stored(a, "dataset"));
        assertEquals(20_002, stored(a, "dataset_row"));
    }

    @Test
    void concurrentImportsUnderOneNameStoreOneAndAnswerTheOthersWith400() throws Exception {
        Users.Account a = users.create("researcher");
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 2000; i++) {
            csv.append("text ").append(i).append(',').append(i % 3).append('\n');
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> codes = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                codes.add(pool.submit(() -> upload(a, "same.csv", csv.toString(), "Same").statusCode()));
            }
            List<Integer> got = new java.util.ArrayList<>();
            for (var c : codes) {
                got.add(c.get());
            }
            got.sort(null);
            assertEquals(List.of(201, 400, 400, 400), got);
        } finally {
            pool.shutdown();
        }
        assertEquals(1, stored(a, "dataset"));
        assertEquals(2000, stored(a, "dataset_row"));
    }

    @Test
    void anotherResearchersDataSetIsNotFoundAndViewersCannotImport() throws Exception {
        Users.Account a = users.create("researcher");
        Users.Account b = users.create("researcher");
        Users.Account viewer = users.create("viewer");
        long id = upload(a, "secret.csv", "text,label\nsecret words,x\nmore,y\n", "Secret set").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        given().header("X-API-Key", b.token()).get("/api/datasets/" + id).then().statusCode(404)
                .contentType("application/problem+json").body(not(containsString("secret")));
        given().header("X-API-Key", b.token()).delete("/api/datasets/" + id).then().statusCode(404);
        given().header("X-API-Key", b.token()).get("/api/datasets").then().statusCode(200)
                .body(not(containsString("Secret set")));
        given().get("/api/datasets").then().statusCode(401);
        upload(viewer, "v.csv", "text,label\na,x\nb,y\n", null).then().statusCode(403)
                .contentType("application/problem+json");
        assertEquals(0, stored(viewer, "dataset"));

        given().header("X-API-Key", a.token()).delete("/api/datasets/" + id).then().statusCode(204);
        given().header("X-API-Key", a.token()).get("/api/datasets/" + id).then().statusCode(404);
        assertEquals(0, stored(a, "dataset_row"));
        assertEquals(1, new TestDb(db).scalar("select count(*) from audit_log where action = 'dataset.delete' "
                + "and user_id = " + a.actor().id()));
    }
}
