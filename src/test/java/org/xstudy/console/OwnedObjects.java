package org.xstudy.console;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.StudyItem;

/**
 * One of every object a researcher stores, made through the real API as {@code owner}: two explanations of a
 * secret text, a heatmap representation made from the first, an open study whose item freezes that
 * representation, a data set with the secret in a row, and a precompute job over that data set.
 */
record OwnedObjects(Users.Account owner, String slug, long study, long item, long explanation, long explanation2,
        long representation, long dataset, long job, long tokenId) {

    /** Appears in every text the owner stores and in nothing anyone else stores. */
    static final String SECRET = "zebraquartz";
    static final String TEXT = SECRET + " good witty film";
    static final String MODEL = "bow-test";

    static OwnedObjects create(Users.Account owner, long tokenId) {
        long e1 = api(owner).body(Map.of("text", TEXT, "model", MODEL, "method", "occlusion"))
                .post("/api/explanations").then().statusCode(200).extract().jsonPath().getLong("id");
        long e2 = api(owner).body(Map.of("text", TEXT, "model", MODEL, "method", "placebo"))
                .post("/api/explanations").then().statusCode(200).extract().jsonPath().getLong("id");
        long rep = api(owner).body(Map.of("explanation", e1)).post("/api/representations/heatmap").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        String slug = "acl-" + UUID.randomUUID().toString().substring(0, 8);
        long study = api(owner).body(spec(slug, rep)).post("/api/studies").then().statusCode(201).extract()
                .jsonPath().getLong("id");
        api(owner).post("/api/studies/" + study + "/open").then().statusCode(200);
        long item = StudyItem.<StudyItem>find("studyId", study).firstResult().id;
        long dataset = given().header("X-API-Key", owner.token())
                .multiPart("file", "secret.csv", ("text,label\n" + TEXT + ",pos\nplain words,neg\n")
                        .getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .multiPart("name", "Secret " + slug).post("/api/datasets").then().statusCode(201).extract()
                .jsonPath().getLong("id");
        long job = api(owner).body(Map.of("model", MODEL, "methods", List.of("occlusion"), "datasetId", dataset))
                .post("/api/precompute-jobs").then().statusCode(202).extract().jsonPath().getLong("id");
        return new OwnedObjects(owner, slug, study, item, e1, e2, rep, dataset, job, tokenId);
    }

    /** A one-item study spec whose item freezes {@code representation:<rep>}. */
    static Map<String, Object> spec(String slug, long rep) {
        return Map.of("specVersion", 1, "slug", slug, "title", "Access control " + slug,
                "labels", List.of("neg", "pos"),
                "items", List.of(Map.of("id", "i1", "text", TEXT,
                        "prediction", Map.of("label", "pos", "probabilities", Map.of("neg", 0.2, "pos", 0.8)),
                        "explanations", Map.of("heatmap", Map.of("ref", "representation:" + rep)))),
                "conditions", List.of(Map.of("id", "c1", "explanation", "heatmap")),
                "design", Map.of("type", "between"),
                "phases", List.of(Map.of("type", "learning", "items", List.of("i1"))));
    }

    /** Imports the ONNX test model as {@code owner}, under an id with the secret in it; returns the id. */
    static String importModel(Users.Account owner, java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path model = org.xstudy.model.imports.Fixtures.onnxWithTokenizer(dir, 5);
        String id = SECRET + "-" + UUID.randomUUID().toString().substring(0, 8);
        api(owner).body(Map.of("id", id, "modelPath", model.toString(), "tokenizerPath",
                dir.resolve("tokenizer.json").toString(), "labels", List.of("neg", "pos"))).post("/api/models").then()
                .statusCode(201);
        return id;
    }

    /** A participant of the open study: its session cookie. */
    String participantCookie() {
        ParticipantClient p = new ParticipantClient(slug);
        p.join(null);
        if (p.cookie() == null) {
            throw new AssertionError("joining " + slug + " gave no participant cookie");
        }
        return p.cookie();
    }

    static RequestSpecification api(Users.Account who) {
        return given().header("X-API-Key", who.token()).contentType("application/json");
    }
}
