package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.model.ModelRegistry;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.spec.PublishedSchemaTest;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.SpecValidator;

/**
 * The wizard's designs in which one participant sees items under several conditions (Feldhus et al. 2023): a
 * generated Latin square of trial lists, checked for balance on the spec it writes, and trial lists uploaded as
 * CSV, with each bad line named at the field; the study made from uploaded lists shows a participant one item under
 * two conditions.
 */
@QuarkusTest
class StudyWizardTrialsTest {

    static final List<String> FOUR = List.of("heatmap", "rationale", "verbalization", "control");

    @Inject
    ModelRegistry registry;

    @Inject
    Users users;

    @Inject
    EntityManager em;

    ConsoleClient console;

    @BeforeEach
    void register() {
        registry.register(StudyWizardTest.model());
    }

    @Test
    void aLatinSquareRotatesTheConditionsOverTheListsAndIsPreviewedBeforeAnythingIsMade() throws Exception {
        Map<String, List<String>> form = signIn("latin");
        form.put("design", List.of("latin"));
        form.put("trialOrder", List.of("fixed"));
        long before = count();

        for (int perItem : new int[] {1, 2}) {
            form.put("perItem", List.of(Integer.toString(perItem)));
            JsonNode spec = download(form);
            assertEquals(FOUR, spec.get("conditions").findValuesAsText("id"));
            List<String> items = spec.get("items").findValuesAsText("id");
            assertEquals(8, items.size());
            JsonNode lists = spec.at("/design/lists");
            assertEquals("lists", spec.at("/design/type").asText());
            assertEquals(4, lists.size(), "one list per condition");
            Map<String, Integer> acrossLists = new HashMap<>();
            for (JsonNode list : lists) {
                assertEquals("fixed", list.get("order").asText());
                Map<String, Integer> perCondition = new HashMap<>();
                Map<String, Set<String>> conditionsOfItem = new HashMap<>();
                for (JsonNode t : list.get("trials")) {
                    perCondition.merge(t.get("condition").asText(), 1, Integer::sum);
                    conditionsOfItem.computeIfAbsent(t.get("item").asText(), k -> new HashSet<>())
                            .add(t.get("condition").asText());
                    acrossLists.merge(t.get("item").asText() + "@" + t.get("condition").asText(), 1, Integer::sum);
                }
                assertEquals(Set.copyOf(items), conditionsOfItem.keySet(), "every item in every list");
                conditionsOfItem.values().forEach(c -> assertEquals(perItem, c.size(), "distinct conditions"));
                assertEquals(Map.of("heatmap", 2 * perItem, "rationale", 2 * perItem, "verbalization", 2 * perItem,
                        "control", 2 * perItem), perCondition, "each condition equally often in " + list.get("id"));
            }
            assertEquals(items.size() * FOUR.size(), acrossLists.size(), "every item under every condition");
            acrossLists.values().forEach(n -> assertEquals(perItem, n, "as often as each list repeats an item"));
        }

        String html = StudyWizardTest.post(console, form, "preview").then().statusCode(200).extract().asString();
        assertTrue(html.contains("id=\"lists-table\""), html);
        assertTrue(html.contains("8 of the 8 items come under every condition across the lists."), html);
        assertTrue(html.replaceAll("\\s+", " ").contains("<th scope=\"row\">L2</th><td>fixed</td><td>16</td><td>8</td>"
                + " <td>4</td><td>4</td><td>4</td><td>4</td>"), html);
        assertTrue(html.contains("name=\"perItem\" type=\"text\" inputmode=\"numeric\" size=\"4\" value=\"2\""),
                "the form is kept");
        assertEquals(before, count(), "a preview creates nothing");

        form.put("perItem", List.of("5"));
        html = StudyWizardTest.post(console, form, "preview").then().statusCode(400).extract().asString();
        assertTrue(html.contains("id=\"err-perItem\">Enter a whole number from 1 to 4."), html);
        form.put("perItem", List.of("1"));
        form.put("trialOrder", List.of("sorted"));
        html = StudyWizardTest.post(console, form, "preview").then().statusCode(400).extract().asString();
        assertTrue(html.contains("id=\"err-trialOrder\">Choose a fixed order or one shuffled"), html);

        form.put("design", List.of("within"));
        form.remove("trialOrder");
        assertEquals("within", download(form).at("/design/type").asText(), "the classic designs are unchanged");
        assertFalse(download(form).at("/design").has("lists"));
        html = StudyWizardTest.post(console, form, "preview").then().statusCode(200).extract().asString();
        assertTrue(html.contains("A between- or within-subjects design has no trial lists to show."), html);
        assertFalse(html.contains("id=\"lists-table\""), html);
    }

    @Test
    void everyBadLineOfUploadedTrialListsIsNamedAtTheFieldAndNothingIsMade() {
        Map<String, List<String>> form = signIn("badcsv");
        form.put("design", List.of("sequences"));
        form.put("selection", List.of("rows"));
        form.put("rows", List.of("1-8"));
        long before = count();
        String[][] cases = {
            {"", "Upload or paste the trial sequences"},
            {"list,item,condition\n", "The CSV has no trials: give one line per trial after the header."},
            {"list,item,kind\nL1,r1,heatmap", "Line 1: the header names &#39;kind&#39;; it must name the columns"},
            {"list,item,condition\nL1,r1,heatmap\nL1,r99,heatmap\nL1,r2,saliency",
                "Line 3: item &#39;r99&#39; is not one of the study&#39;s items (the rows chosen under Items, e.g. r1). "
                + "Line 4: condition &#39;saliency&#39; is not one of the study&#39;s conditions (heatmap, rationale, "
                + "verbalization, control)."},
            {"list,item,condition\nL1,r1,template\nL2,r1,template\nL1,1,verbalization",
                "Line 4: list &#39;L1&#39; already has item r1 under verbalization (line 2)."},
            {"list,item,condition\nL1,r1,heatmap\n,r2,heatmap", "Line 3: the list is empty; name the list"},
            {"list,item,condition,position\nL1,r1,heatmap,1\nL1,r2,heatmap,first\nL1,r3,heatmap,1",
                "Line 3: position &#39;first&#39; is not a whole number from 1. Line 4: list &#39;L1&#39; already has "
                + "a trial at position 1."},
            {"list,item,condition\nL1,r1", "Line 2: has 2 values; the header names 3 columns."},
        };
        for (String[] c : cases) {
            form.put("trials", List.of(c[0]));
            String html = StudyWizardTest.post(console, form, "create").then().statusCode(400).extract().asString();
            assertTrue(html.contains("id=\"err-trials\">" + c[1]), c[0] + " → " + html);
            assertTrue(html.contains("aria-describedby=\"help-trials err-trials\" aria-invalid=\"true\""), html);
            assertTrue(html.contains("<a href=\"#f-trials\">"), "listed at the top, linked to the field");
        }
        String pasted = "list,item,condition\n" + "L1,r1,heatmap\n".repeat(5_000);
        Response tooLong = multipart(Map.of("trials", List.of(pasted)), "preview", null);
        assertEquals(413, tooLong.statusCode(), "pasted lists over 64 kB: " + tooLong.asString());
        assertEquals(before, count(), "nothing was created");
    }

    @Test
    void uploadedListsMakeAStudyInWhichAParticipantSeesOneItemUnderTwoConditions() throws Exception {
        Map<String, List<String>> form = signIn("smv");
        form.put("design", List.of("sequences"));
        form.put("types", List.of("rationale"));
        form.put("controls", List.of("none"));
        form.put("phases", List.of("post"));
        form.put("selection", List.of("rows"));
        form.put("rows", List.of("1-4"));
        form.put("trialOrder", List.of("fixed"));
        // semicolons as a European spreadsheet saves them, positions out of file order, a bare row number
        String csv = "\uFEFFList;Item;Condition;Position\nA;r1;control;2\nA;r1;rationale;1\nA;2;rationale;3\n"
                + "B;r3;rationale;1\nB;r3;none;2\nB;r4;control;3\n";
        form.put("trials", List.of("this pasted text is replaced by the file"));

        String preview = multipart(form, "preview", csv).then().statusCode(200).extract().asString();
        assertTrue(preview.replaceAll("\\s+", " ").contains("<th scope=\"row\">A</th><td>fixed</td><td>3</td><td>2</td>"
                + " <td>2</td><td>1</td>"), preview);
        assertTrue(preview.contains("2 of the 4 items come under every condition across the lists."), preview);
        assertTrue(preview.contains("A;r1;control;2"), "the file's text is kept in the form: " + preview);

        JsonNode spec = SpecParser.read(multipart(form, "download", csv).then().statusCode(200).extract().asString(),
                false);
        assertEquals(Set.of(), PublishedSchemaTest.schema().validate(spec));
        assertEquals(List.of(), SpecValidator.validate(spec.deepCopy()), "what the API accepts");
        assertEquals("[{\"id\":\"A\",\"trials\":[{\"item\":\"r1\",\"condition\":\"rationale\"},{\"item\":\"r1\","
                + "\"condition\":\"control\"},{\"item\":\"r2\",\"condition\":\"rationale\"}],\"order\":\"fixed\"},"
                + "{\"id\":\"B\",\"trials\":[{\"item\":\"r3\",\"condition\":\"rationale\"},{\"item\":\"r3\","
                + "\"condition\":\"control\"},{\"item\":\"r4\",\"condition\":\"control\"}],\"order\":\"fixed\"}]",
                spec.at("/design/lists").toString());

        StringBuilder many = new StringBuilder("list,item,condition\n");
        for (int l = 1; l <= 400; l++) {
            for (String item : List.of("r1", "r2", "r3", "r4")) {
                many.append(String.format("list%04d,%s,rationale%nlist%04d,%s,control%n", l, item, l, item));
            }
        }
        Map<String, List<String>> big = new HashMap<>(form);
        big.put("trials", List.of(""));
        String kept = multipart(big, "preview", many.toString()).then().statusCode(200).extract().asString();
        assertTrue(kept.contains("id=\"note-trials\">The file is too long to keep in this box"), kept);
        assertFalse(kept.contains("list0400,r4,control"), "a box over 64 kB could not be sent back");
        assertTrue(kept.contains("<th scope=\"row\">list0400</th>"), "but the file was read");

        String location = multipart(form, "create", csv).then().statusCode(303).extract().header("Location");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        assertEquals(303, console.post("/console/studies/" + id + "/open", Map.of()).statusCode());
        ParticipantClient participant = new ParticipantClient("wizard-smv");
        assertEquals(303, participant.join("SMV-P1").statusCode());
        participant.finish();
        assertEquals("completed", scalar("SELECT status FROM participant WHERE external_pid = 'SMV-P1'"));
        assertEquals("post:r1@rationale/rationale, post:r1@control/control, post:r2@rationale/rationale",
                scalar("SELECT string_agg(t, ', ' ORDER BY i) FROM (SELECT DISTINCT r.step_key || '/' || r.condition "
                        + "AS t, r.step_index AS i FROM response r JOIN participant p ON p.id = r.participant_id "
                        + "WHERE p.external_pid = 'SMV-P1' AND r.item_key IS NOT NULL) s"),
                "list A, in its fixed order: item r1 under two conditions in one session");
    }

    private JsonNode download(Map<String, List<String>> form) throws Exception {
        JsonNode spec = SpecParser.read(StudyWizardTest.post(console, form, "download").then().statusCode(200)
                .extract().asString(), false);
        assertEquals(Set.of(), PublishedSchemaTest.schema().validate(spec));
        assertEquals(List.of(), SpecValidator.validate(spec.deepCopy()));
        return spec;
    }

    /** Posts the form as the browser does with a file chosen: multipart, the CSV as the file {@code trialsFile}. */
    private Response multipart(Map<String, List<String>> form, String action, String csv) {
        var req = console.req().multiPart("_csrf", ConsoleClient.csrf(console.get("/console/studies").asString()))
                .multiPart("action", action)
                .multiPart("trialsFile", "smv-lists.csv", csv == null ? new byte[0] : csv.getBytes(StandardCharsets.UTF_8),
                        "text/csv");
        form.forEach((k, values) -> new ArrayList<>(values).forEach(v -> req.multiPart(k, v)));
        return req.post("/console/studies/new/wizard");
    }

    /** Signs a new researcher in and gives the wizard's form for 8 items of a data set of theirs, slug wizard-{name}. */
    private Map<String, List<String>> signIn(String name) {
        Users.Account owner = users.create("researcher");
        console = ConsoleClient.signedIn(owner.email(), Users.PASSWORD);
        Map<String, List<String>> form = StudyWizardTest.form(StudyWizardTest.dataset(em, owner, name, 12));
        form.put("slug", List.of("wizard-" + name));
        form.put("types", List.of("heatmap", "rationale", "template"));
        form.put("controls", List.of("none"));
        form.put("phases", List.of("pre", "learning", "post"));
        return form;
    }

    private long count() {
        return Long.parseLong(scalar("SELECT count(*) FROM study"));
    }

    private String scalar(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> String.valueOf(em.createNativeQuery(sql).getSingleResult()));
    }
}
