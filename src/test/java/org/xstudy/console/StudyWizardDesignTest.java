package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xstudy.model.ModelRegistry;
import org.xstudy.study.spec.SpecParser;

/**
 * What the study wizard adds to the common designs: the design warnings of a spec that shows participants the
 * answer they predict (shown before anything is created, then on the study page), and the participant cap and
 * completion URL.
 */
@QuarkusTest
class StudyWizardDesignTest {

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
    void aPostTestWithExplanationsIsWarnedInTheWizardAndCreatedOnlyWhenAskedAgain() {
        Map<String, List<String>> form = signIn("warned");
        form.put("types", List.of("heatmap", "template"));
        form.put("phases", List.of("pre", "post"));
        long before = count();

        Response warned = StudyWizardTest.post(console, form, "create");
        assertEquals(200, warned.statusCode());
        String html = warned.asString();
        assertTrue(html.contains("id=\"spec-warnings\""), html);
        assertTrue(html.contains("<code class=\"xc-pointer\">/phases/4/showExplanation</code> The &#39;post&#39; "
                + "phase asks participants to predict the model but shows heatmaps (&#39;heatmap&#39;, "
                + "&#39;placebo&#39;) whose legend names the predicted class."), html);
        assertTrue(html.contains("(text-states-output)"), "the template verbalization states the confidence: " + html);
        assertTrue(html.contains("id=\"create-anyway\""), html);
        assertTrue(html.contains("value=\"Wizard &lt;toy&gt; study\""), "the form is kept");
        assertEquals(before, count(), "nothing is created before the researcher confirms");

        Response created = StudyWizardTest.post(console, form, "create-anyway");
        assertEquals(303, created.statusCode(), created.asString());
        String page = console.get(created.getHeader("Location")).then().statusCode(200).extract().asString();
        assertTrue(page.contains("id=\"spec-warnings\"") && page.contains("/phases/4/showExplanation"), page);

        form.put("slug", List.of("wizard-unwarned"));
        form.put("phases", List.of("pre", "learning", "post"));
        assertEquals(303, StudyWizardTest.post(console, form, "create").statusCode(),
                "with a learning phase the post-test shows no explanation, and nothing is warned");
    }

    @Test
    void theParticipantCapAndCompletionUrlAreCheckedAndWrittenIntoTheSpec() {
        Map<String, List<String>> form = signIn("capped");
        String url = "https://app.prolific.com/submissions/complete?cc={code}";

        for (String[] bad : new String[][] {{"0", "http://example.org/done"}, {"-3", "javascript:alert(1)"},
                {"12x", "https://exa mple.org/\"<b>"}, {"1000001", "https://"}}) {
            form.put("maxParticipants", List.of(bad[0]));
            form.put("completionUrl", List.of(bad[1]));
            String html = StudyWizardTest.post(console, form, "download").then().statusCode(400).extract().asString();
            assertTrue(html.contains("id=\"err-maxParticipants\">Enter a whole number from 1 to 1000000."), html);
            assertTrue(html.contains("id=\"err-completionUrl\">Give an https:// address"), html);
            assertTrue(html.contains("aria-describedby=\"help-completionUrl err-completionUrl\" aria-invalid=\"true\""),
                    html);
            assertFalse(html.contains("<b>"), "the value is kept escaped");
        }

        form.put("maxParticipants", List.of(" 40 "));
        form.put("completionUrl", List.of(url));
        JsonNode spec = SpecParser.read(StudyWizardTest.post(console, form, "download").then().statusCode(200)
                .extract().asString(), false);
        assertEquals(40, spec.at("/participants/maxParticipants").asInt());
        assertEquals(url, spec.at("/participants/completionUrl").asText());

        String location = StudyWizardTest.post(console, form, "create").then().statusCode(303).extract()
                .header("Location");
        JsonNode stored = SpecParser.read(console.get(location + "/spec").asString(), false);
        assertEquals(40, stored.at("/participants/maxParticipants").asInt());
        assertEquals(url, stored.at("/participants/completionUrl").asText());

        form.put("slug", List.of("wizard-uncapped"));
        form.put("maxParticipants", List.of(""));
        form.put("completionUrl", List.of(""));
        spec = SpecParser.read(StudyWizardTest.post(console, form, "download").asString(), false);
        assertTrue(spec.path("participants").isMissingNode(), "empty fields: no cap, the code is shown");
    }

    /** Signs a new researcher in and gives the wizard's form for a data set of theirs, slug wizard-{name}. */
    private Map<String, List<String>> signIn(String name) {
        Users.Account owner = users.create("researcher");
        console = ConsoleClient.signedIn(owner.email(), Users.PASSWORD);
        Map<String, List<String>> form = StudyWizardTest.form(StudyWizardTest.dataset(em, owner, name, 12));
        form.put("slug", List.of("wizard-" + name));
        return form;
    }

    private long count() {
        return ((Number) io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("SELECT count(*) FROM study").getSingleResult())).longValue();
    }
}
