package org.xstudy.study;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.xstudy.study.TestStudies.KEY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xstudy.TestDb;
import org.xstudy.study.spec.SpecParser;

/** Design warnings in the researcher API: create, read, update and validate return them; the list does not. */
@QuarkusTest
class SpecWarningsApiTest {

    static final String[] OLD_DEMO_WARNINGS = {"/phases/5/showExplanation", "/phases/5/showExplanation",
        "/items/1/explanations/verbalization/text", "/items/4/explanations/verbalization/text",
        "/items/8/explanations/verbalization/text", "/items/5/explanations/counterfactual/editedText",
        "/items/11/explanations/counterfactual/editedText"};

    @Inject
    DataSource db;

    static ObjectNode leaky() throws Exception {
        try (var in = SpecWarningsApiTest.class.getResourceAsStream("/specs/leaky-demo-2025.json")) {
            ObjectNode spec = (ObjectNode) SpecParser.read(new String(in.readAllBytes(), "UTF-8"), false);
            return spec.put("slug", "t-" + UUID.randomUUID().toString().substring(0, 12));
        }
    }

    @Test
    void createReadAndUpdateReturnTheWarningsAtTheirPointers() throws Exception {
        ObjectNode spec = leaky();
        long id = given().header("X-API-Key", KEY).contentType("application/json").body(spec.toString())
                .post("/api/studies").then().statusCode(201)
                .body("warnings.pointer", containsInAnyOrder(OLD_DEMO_WARNINGS))
                .body("warnings.code", hasItem("legend-names-output"))
                .body("warnings.find { it.code == 'edit-shows-answer' }.message", org.hamcrest.Matchers
                        .containsString("perturbation 'p1'"))
                .extract().jsonPath().getLong("id");
        given().header("X-API-Key", KEY).get("/api/studies/" + id).then().statusCode(200)
                .body("warnings.pointer", containsInAnyOrder(OLD_DEMO_WARNINGS));
        given().header("X-API-Key", KEY).get("/api/studies").then().statusCode(200)
                .body("find { it.id == " + id + " }", not(hasKey("warnings")));

        ((ObjectNode) spec.get("phases").get(5)).put("showExplanation", false);
        given().header("X-API-Key", KEY).contentType("application/json").body(spec.toString())
                .put("/api/studies/" + id).then().statusCode(200)
                .body("warnings.pointer", containsInAnyOrder("/items/5/explanations/counterfactual/editedText",
                        "/items/11/explanations/counterfactual/editedText"));

        long shipped = TestStudies.create(TestStudies.demo(s -> { }));
        given().header("X-API-Key", KEY).get("/api/studies/" + shipped).then().statusCode(200)
                .body("warnings", empty());
    }

    @Test
    void validateChecksWithoutStoringAnything() throws Exception {
        TestDb sql = new TestDb(db);
        long before = sql.scalar("SELECT count(*) FROM study");
        ObjectNode spec = leaky();
        given().header("X-API-Key", KEY).contentType("application/json").body(spec.toString())
                .post("/api/studies/validate").then().statusCode(200)
                .body("warnings.pointer", containsInAnyOrder(OLD_DEMO_WARNINGS));
        given().header("X-API-Key", KEY).contentType("application/json").body(TestStudies.demo(s -> { }).toString())
                .post("/api/studies/validate").then().statusCode(200).body("warnings", empty());
        ((ObjectNode) spec.get("phases").get(5)).put("showExplanation", "yes");
        given().header("X-API-Key", KEY).contentType("application/json").body(spec.toString())
                .post("/api/studies/validate").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/phases/5/showExplanation"));
        given().contentType("application/json").body("{}").post("/api/studies/validate").then().statusCode(401);
        assertEquals(before, sql.scalar("SELECT count(*) FROM study"));
    }
}
