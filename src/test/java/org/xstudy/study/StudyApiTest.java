package org.xstudy.study;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.xstudy.study.TestStudies.KEY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StudyApiTest {

    @Inject
    DataSource db;

    @Test
    void withoutCredentialEveryStudyEndpointIs401() {
        given().get("/api/studies").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body("{}").post("/api/studies").then().statusCode(401);
        given().post("/api/studies/1/open").then().statusCode(401);
        given().header("Authorization", "Bearer nope").get("/api/studies/1").then().statusCode(401);
    }

    @Test
    void createsReadsAndRunsTheLifecycle() {
        ObjectNode spec = TestStudies.demo(s -> { });
        String slug = spec.get("slug").asText();
        long id = TestStudies.create(spec);
        given().header("X-API-Key", KEY).get("/api/studies/" + id).then().statusCode(200)
                .body("slug", equalTo(slug)).body("status", equalTo("draft"))
                .body("participants.started", equalTo(0));
        given().header("X-API-Key", KEY).get("/api/studies?status=draft").then().statusCode(200)
                .body("slug", hasItems(slug));
        given().header("X-API-Key", KEY).get("/api/studies/" + id + "/links").then().statusCode(200)
                .body("participantUrl", containsString("/s/" + slug))
                .body("prolificUrlTemplate", containsString("PROLIFIC_PID={{%PROLIFIC_PID%}}"))
                .body("previewUrl", containsString("/s/" + slug + "/preview?key="))
                .body("completionCode", equalTo("XSDEMO42"));

        spec.put("title", "Edited title");
        given().header("X-API-Key", KEY).contentType("application/json").body(spec.toString())
                .put("/api/studies/" + id).then().statusCode(200).body("title", equalTo("Edited title"))
                .body("revision", equalTo(2));

        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/pause").then().statusCode(409)
                .contentType("application/problem+json");
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/open").then().statusCode(200)
                .body("status", equalTo("open"));
        given().header("X-API-Key", KEY).contentType("application/json").body(spec.toString())
                .put("/api/studies/" + id).then().statusCode(409);
        given().header("X-API-Key", KEY).delete("/api/studies/" + id).then().statusCode(409);
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/pause").then().statusCode(200)
                .body("status", equalTo("paused"));
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/close").then().statusCode(200)
                .body("status", equalTo("closed"));
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/open").then().statusCode(409);
    }

    @Test
    void aUrlWhoseSlugNoStudyCanHaveIsNotFoundWithoutAskingTheDatabase() {
        for (String slug : new String[] {"abc%00def", "%00", "Upper-Case", "ab", "a%20b%20c", "-dash-first"}) {
            given().urlEncodingEnabled(false).redirects().follow(false).get("/s/" + slug + "/preview?key=x")
                    .then().statusCode(404).contentType(containsString("text/html"));
            given().urlEncodingEnabled(false).redirects().follow(false).get("/s/" + slug + "/preview/step")
                    .then().statusCode(404);
            given().urlEncodingEnabled(false).redirects().follow(false).get("/s/" + slug)
                    .then().statusCode(404);
        }
        assertEquals(false, Study.findBySlug("bad\u0000slug").isPresent());
    }

    @Test
    void acceptsYaml() throws Exception {
        ObjectNode spec = TestStudies.demo(s -> { });
        String yaml = new YAMLMapper().writeValueAsString(spec);
        given().header("X-API-Key", KEY).contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/studies")
                .then().statusCode(201).body("slug", equalTo(spec.get("slug").asText()));
    }

    @Test
    void draftsCanBeDeleted() {
        long id = TestStudies.create(TestStudies.demo(s -> { }));
        given().header("X-API-Key", KEY).delete("/api/studies/" + id).then().statusCode(204);
        given().header("X-API-Key", KEY).get("/api/studies/" + id).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void invalidSpecReportsEveryErrorWithItsPointerAndCreatesNothing() throws Exception {
        ObjectNode spec = TestStudies.demo(s -> {
            s.remove("title");
            ((ObjectNode) s.get("items").get(0).get("prediction")).put("label", "neutral");
            ((ObjectNode) s.get("phases").get(2)).putArray("questions");
            ((ObjectNode) s.get("design")).put("type", "mixed");
            s.put("colour", "blue");
        });
        long before = count("SELECT count(*) FROM study");
        given().header("X-API-Key", KEY).contentType("application/json").body(spec.toString())
                .post("/api/studies").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItems("/title", "/items/0/prediction/label", "/phases/2/questions",
                        "/design/type", "/colour"));
        assertEquals(before, count("SELECT count(*) FROM study"));
        assertEquals(0, count("SELECT count(*) FROM study WHERE slug = '" + spec.get("slug").asText() + "'"));
    }

    @Test
    void malformedBodiesAre400NotErrors() {
        given().header("X-API-Key", KEY).contentType("application/json").body("{\"specVersion\": 1,")
                .post("/api/studies").then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("The specification is not well-formed JSON"));
        given().header("X-API-Key", KEY).contentType("application/yaml").body("a: [b\n  - : :".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/studies").then().statusCode(400);
        given().header("X-API-Key", KEY).contentType("application/json").body("")
                .post("/api/studies").then().statusCode(400);
        given().header("X-API-Key", KEY).contentType("text/plain").body("x")
                .post("/api/studies").then().statusCode(415).contentType("application/problem+json");
        given().header("X-API-Key", KEY).get("/api/studies/not-a-number").then().statusCode(404);
    }

    @Test
    void duplicateSlugIsAConflictNamingTheField() {
        ObjectNode spec = TestStudies.demo(s -> { });
        TestStudies.create(spec);
        given().header("X-API-Key", KEY).contentType("application/json").body(spec.toString())
                .post("/api/studies").then().statusCode(409).body("errors[0].pointer", equalTo("/slug"));
    }

    long count(String sql) throws Exception {
        return new org.xstudy.TestDb(db).scalar(sql);
    }
}
