package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import org.xstudy.explain.ClosedFormModels.BagOfWordsLogistic;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.model.ModelRegistry;
import org.xstudy.model.ToyData;
import org.xstudy.model.cnn.CnnClassifier;
import org.xstudy.model.cnn.CnnTrainer;
import org.xstudy.model.data.LabeledText;
import org.xstudy.model.tokens.PieceTokenizer;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.spec.PublishedSchemaTest;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.SpecValidator;
import org.xstudy.study.spec.StudySpec;

/**
 * The study wizard, through its real form endpoints: a tiny data set inserted with SQL and a tiny CNN trained here
 * become a spec that passes the published schema, creates a study that a participant completes, and refused fields
 * are shown at the field with nothing created.
 */
@QuarkusTest
class StudyWizardTest {

    static final String MODEL = "wizard-cnn";
    static final List<LabeledText> ROWS = ToyData.sentences(12, 21).rows();

    private static CnnClassifier cnn;

    @Inject
    ModelRegistry registry;

    @Inject
    Users users;

    @Inject
    EntityManager em;

    /**
     * A tiny CNN on PyTorch, trained once for the wizard's tests (two epochs on the twelve rows: the tests need a
     * real model, not a good one). It lives as long as the test JVM.
     */
    static synchronized CnnClassifier model() {
        if (cnn == null) {
            PieceTokenizer tokenizer = PieceTokenizer.bge();
            CnnTrainer.Settings settings = new CnnTrainer.Settings(8, 4, new int[] {3}, 2, 6, 1e-2f, 0f, 1, 5L);
            cnn = CnnTrainer.train(MODEL, ToyData.LABELS, tokenizer, ROWS, settings, epoch -> { });
        }
        return cnn;
    }

    @BeforeEach
    void register() {
        registry.register(model());
    }

    @Test
    void aWizardSpecPassesTheSchemaAndCreatesAStudyAParticipantCompletes() throws Exception {
        Users.Account owner = users.create("researcher");
        long dataset = dataset(em, owner, "toy reviews", 12);
        ConsoleClient console = ConsoleClient.signedIn(owner.email(), Users.PASSWORD);
        String page = console.get("/console/studies/new/wizard").then().statusCode(200).extract().asString();
        assertTrue(page.contains("toy reviews (12 rows)") && page.contains("value=\"" + MODEL + "\""), page);
        assertTrue(console.get("/console/studies/new").asString().contains("/console/studies/new/wizard"));

        Map<String, List<String>> form = form(dataset);
        Response download = post(console, form, "download");
        assertEquals(200, download.statusCode(), download.asString());
        assertTrue(download.getHeader("Content-Disposition").contains("wizard-toy.json"));
        JsonNode spec = SpecParser.read(download.asString(), false);
        assertEquals(Set.of(), PublishedSchemaTest.schema().validate(spec));
        assertEquals(List.of(), SpecValidator.validate(spec.deepCopy()));
        assertEquals(8, spec.get("items").size());
        assertEquals("Made with the console's study wizard from data set 'toy reviews' and model wizard-cnn.",
                spec.get("description").asText());
        JsonNode item = spec.get("items").get(0);
        for (String key : List.of("heatmap", "rationale", "verbalization", "placebo")) {
            assertNotNull(item.get("explanations").get(key), key + " in " + item);
        }
        assertEquals("integrated_gradients", item.at("/explanations/heatmap/method").asText());
        assertEquals(List.of("heatmap", "rationale", "verbalization", "placebo", "control"),
                spec.get("conditions").findValuesAsText("id"));
        assertEquals("[{\"id\":\"control\",\"explanation\":\"none\",\"control\":true}]",
                SpecParser.json().valueToTree(SpecParser.parse(spec.toString(), false).conditions().stream()
                        .filter(StudySpec.Condition::isControl).toList()).toString(),
                "the no-explanation condition, and only it, is the analysis's control");
        assertEquals(List.of("consent", "instructions", "comprehension", "forward", "learning", "forward",
                "counterfactual", "ratings", "debrief"), spec.get("phases").findValuesAsText("type"));
        assertEquals(List.of(4, 4), List.of(spec.get("items").findValuesAsText("gold").stream()
                .filter("negative"::equals).toList().size(), spec.get("items").findValuesAsText("gold").stream()
                .filter("positive"::equals).toList().size()), "balanced by label");

        form.put("design", List.of("within"));
        JsonNode within = SpecParser.read(post(console, form, "download").then().statusCode(200).extract().asString(),
                false);
        assertEquals("within", within.at("/design/type").asText());
        assertEquals(Set.of(), PublishedSchemaTest.schema().validate(within));
        form.put("design", List.of("between"));

        Response created = post(console, form, "create");
        assertEquals(303, created.statusCode(), created.asString());
        String location = created.getHeader("Location");
        assertTrue(location.matches(".*/console/studies/\\d+"), location);
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        String again = post(console, form, "create").then().statusCode(400).extract().asString();
        assertTrue(again.contains("id=\"err-slug\">The slug &#39;wizard-toy&#39; is taken; choose another."), again);
        assertEquals(303, console.post("/console/studies/" + id + "/open", Map.of()).statusCode());

        ParticipantClient participant = new ParticipantClient("wizard-toy");
        assertEquals(303, participant.join("WIZARD-P1").statusCode());
        int steps = participant.finish();
        assertTrue(steps >= 15, "steps " + steps);
        assertEquals("completed", scalar("SELECT status FROM participant WHERE external_pid = 'WIZARD-P1'"));
    }

    @Test
    void refusedFieldsAreShownAtTheFieldWithTheValuesKeptAndNothingIsCreated() {
        Users.Account owner = users.create("researcher");
        Users.Account other = users.create("researcher");
        long dataset = dataset(em, owner, "small", 12);
        long othersDataset = dataset(em, other, "not yours", 12);
        ConsoleClient console = ConsoleClient.signedIn(owner.email(), Users.PASSWORD);
        long studies = studies();

        Map<String, List<String>> form = form(dataset);
        form.remove("types");
        form.put("count", List.of("50"));
        Response refused = post(console, form, "create");
        assertEquals(400, refused.statusCode());
        String html = refused.asString();
        assertTrue(html.contains("id=\"err-types\">Choose at least one explanation type."), html);
        assertTrue(html.contains("id=\"err-count\">50 items were asked for, but there are only 12 rows."), html);
        assertTrue(html.contains("aria-describedby=\"err-count\""), html);
        assertTrue(html.contains("value=\"Wizard &lt;toy&gt; study\""), "title kept and escaped");

        form = form(othersDataset);
        html = post(console, form, "download").then().statusCode(400).extract().asString();
        assertTrue(html.contains("id=\"err-dataset\">Choose one of your data sets"), html);

        form = form(dataset);
        form.put("types", List.of("examples"));
        form.put("selection", List.of("rows"));
        form.put("rows", List.of("1-12"));
        html = post(console, form, "create").then().statusCode(400).extract().asString();
        assertTrue(html.contains("id=\"err-types\">Similar examples are drawn from the rows that are not items"), html);
        form = form(dataset);
        form.put("source", List.of("paste"));
        form.put("pasted", List.of("negative\tthe plot was <b>awful</b> .\n\nthe film was superb ."));
        form.put("selection", List.of("rows"));
        form.put("rows", List.of("1, 4"));
        form.put("types", List.of("llm"));
        html = post(console, form, "create").then().statusCode(400).extract().asString();
        assertTrue(html.contains("id=\"err-rows\">There is no row 4 (the last row is 3)."), html);
        assertTrue(html.contains("id=\"err-types\">LLM verbalization is not configured"), html);
        assertTrue(html.contains("the plot was &lt;b&gt;awful&lt;/b&gt;"), "pasted text kept and escaped");
        assertEquals(studies, studies(), "nothing was created");

        form = form(dataset);
        form.put("phases", List.of("learning"));
        form.remove("attention");
        html = post(console, form, "create").then().statusCode(400).extract().asString();
        assertTrue(html.contains("id=\"err-phases\">A study of learning alone asks participants nothing"), html);
        form.put("phases", List.of("learning", "ratings"));
        assertEquals(200, post(console, form, "download").statusCode(), "learning and ratings without a test");
        assertEquals(studies, studies(), "nothing was created");

        Map<String, String> noToken = new HashMap<>(Map.of("title", "x"));
        assertEquals(403, console.postRaw("/console/studies/new/wizard", noToken).statusCode());
        ConsoleClient viewer = ConsoleClient.signedIn(users.create("viewer").email(), Users.PASSWORD);
        assertEquals(403, viewer.get("/console/studies/new/wizard").statusCode());
        assertEquals(403, post(viewer, form(dataset), "create").statusCode());
        assertEquals(studies, studies());
    }

    /**
     * A model that no edit can move (a constant) has no counterfactual for any item: the wizard names every such row
     * in one message instead of stopping at the first (on real sentences about half have none).
     */
    @Test
    void itemsWithoutACounterfactualAreNamedTogether() {
        registry.register(new BagOfWordsLogistic("wizard-flat", Map.of(), 0.3));
        Users.Account owner = users.create("researcher");
        long dataset = dataset(em, owner, "flat reviews", 12);
        ConsoleClient console = ConsoleClient.signedIn(owner.email(), Users.PASSWORD);
        Map<String, List<String>> form = form(dataset);
        form.put("slug", List.of("wizard-flat"));
        form.put("model", List.of("wizard-flat"));
        form.put("method", List.of("occlusion"));
        form.put("types", List.of("counterfactual"));
        form.put("controls", List.of("none"));
        String page = post(console, form, "download").then().statusCode(400).extract().asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("No counterfactual that changes the model&#39;s "
                + "output was found for 8 of 8 items \\(rows ([0-9, ]+)\\)").matcher(page);
        assertTrue(m.find(), page);
        assertEquals(8, m.group(1).split(", ").length, m.group(1));
    }

    static Map<String, List<String>> form(long dataset) {
        Map<String, List<String>> f = new HashMap<>();
        f.put("title", List.of("Wizard <toy> study"));
        f.put("slug", List.of("wizard-toy"));
        f.put("source", List.of("dataset"));
        f.put("dataset", List.of(Long.toString(dataset)));
        f.put("model", List.of(MODEL));
        f.put("selection", List.of("balanced"));
        f.put("count", List.of("8"));
        f.put("seed", List.of("3"));
        f.put("method", List.of("integrated_gradients"));
        f.put("types", List.of("heatmap", "rationale", "template"));
        f.put("controls", List.of("none", "placebo"));
        f.put("phases", List.of("pre", "learning", "post", "counterfactual", "ratings"));
        f.put("comprehension", List.of("on"));
        f.put("attention", List.of("on"));
        f.put("consent", List.of("You agree to take part."));
        f.put("instructions", List.of("Predict the model."));
        f.put("debrief", List.of("Thank you."));
        f.put("design", List.of("between"));
        return f;
    }

    static Response post(ConsoleClient console, Map<String, List<String>> fields, String action) {
        var req = console.req().contentType("application/x-www-form-urlencoded")
                .formParam("_csrf", ConsoleClient.csrf(console.get("/console/studies").asString()))
                .formParam("action", action);
        fields.forEach((k, v) -> req.formParam(k, v.toArray()));
        return req.post("/console/studies/new/wizard");
    }

    /** Inserts a data set of the first {@code n} toy rows owned by {@code owner}, as the import would store it. */
    static long dataset(EntityManager em, Users.Account owner, String name, int n) {
        return QuarkusTransaction.requiringNew().call(() -> {
            long id = ((Number) em.createNativeQuery("INSERT INTO dataset (owner_id, name, source, format, labels, "
                    + "row_count) VALUES (?1, ?2, 'toy.csv', 'csv', CAST(?3 AS jsonb), ?4) RETURNING id")
                    .setParameter(1, owner.actor().id()).setParameter(2, name)
                    .setParameter(3, "[\"negative\", \"positive\"]").setParameter(4, n).getSingleResult()).longValue();
            for (int i = 0; i < n; i++) {
                em.createNativeQuery("INSERT INTO dataset_row (dataset_id, position, text, label) VALUES (?1, ?2, ?3, ?4)")
                        .setParameter(1, id).setParameter(2, i + 1).setParameter(3, ROWS.get(i).text())
                        .setParameter(4, ToyData.LABELS.get(ROWS.get(i).label())).executeUpdate();
            }
            return id;
        });
    }

    long studies() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("SELECT count(*) FROM study")
                .getSingleResult()).longValue());
    }

    String scalar(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> String.valueOf(em.createNativeQuery(sql).getSingleResult()));
    }
}
