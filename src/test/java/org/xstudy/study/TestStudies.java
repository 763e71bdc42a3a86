package org.xstudy.study;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.function.Consumer;
import org.xstudy.study.spec.SpecParser;

/** Builds study specs for tests from the demo spec, and creates studies through the real API. */
public final class TestStudies {

    public static final String KEY = "dev-researcher-key";

    private TestStudies() {}

    /** The demo spec with a fresh slug, changed by {@code edit}. */
    public static ObjectNode demo(Consumer<ObjectNode> edit) {
        ObjectNode spec = (ObjectNode) SpecParser.read(DemoStudy.spec(), false);
        spec.put("slug", "t-" + UUID.randomUUID().toString().substring(0, 12));
        edit.accept(spec);
        return spec;
    }

    /** Creates a study from {@code spec} and returns its id. */
    public static long create(JsonNode spec) {
        return create(spec, KEY);
    }

    /** Creates a study from {@code spec} as the owner of API token {@code token}; returns its id. */
    public static long create(JsonNode spec, String token) {
        return given().header("X-API-Key", token).contentType("application/json").body(spec.toString())
                .post("/api/studies").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Creates and opens a study; returns its slug. */
    public static String open(JsonNode spec) {
        long id = create(spec);
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/open").then().statusCode(200);
        return spec.get("slug").asText();
    }

    public static void action(String slug, String action) {
        long id = given().header("X-API-Key", KEY).get("/api/studies").then().extract().jsonPath()
                .getLong("find { it.slug == '" + slug + "' }.id");
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/" + action).then().statusCode(200);
    }
}
