package org.xstudy.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xstudy.study.TestStudies;

/** A participant takes the whole demo study in a real headless Chromium; every answer is then checked in SQL. */
@QuarkusTest
class ParticipantJourneyTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DataSource db;

    ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        browser = Browser.start();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void participantCompletesTheDemoStudy() throws Exception {
        String slug = TestStudies.open(TestStudies.demo(s -> { }));
        browser.get(base + "s/" + slug + "?PROLIFIC_PID=E2E-PID-1&STUDY_ID=study-9&SESSION_ID=sess-3");
        Set<String> kinds = new LinkedHashSet<>();
        boolean sawHeatmap = false;
        boolean sawSecondAttempt = false;
        boolean backTested = false;
        for (int guard = 0; guard < 60; guard++) {
            List<WebElement> main = browser.findElements(By.cssSelector("main[data-kind]"));
            if (main.isEmpty()) {
                break;
            }
            String kind = main.get(0).getAttribute("data-kind");
            kinds.add(kind);
            boolean heatmap = !browser.findElements(By.cssSelector(".xh-heatmap")).isEmpty();
            if (heatmap && !sawHeatmap || kind.equals("counterfactual") || kind.equals("consent")) {
                screenshot(kind);
            }
            sawHeatmap |= heatmap;
            switch (kind) {
                case "consent" -> choose("consent", "yes");
                case "comprehension" -> {
                    if (!sawSecondAttempt) {
                        choose("q.task", "How much I liked the movie");
                        sawSecondAttempt = true;
                    } else {
                        choose("q.task", "What the model will say");
                    }
                }
                case "forward", "counterfactual" -> {
                    choose("guess", "negative");
                    chooseIfPresent("rating.confidence", "4");
                }
                case "attention" -> choose("choice", "Strongly disagree");
                case "rating" -> {
                    choose("rating.helpfulness", "5");
                    choose("rating.ease", "2");
                }
                case "freetext" -> browser.findElement(By.id("q.strategy")).sendKeys("Looked at <b>words</b> & \"quotes\"");
                case "questionnaire" -> {
                    browser.findElement(By.id("q.age")).sendKeys("41");
                    choose("q.ml_experience", "Quite");
                }
                default -> { }
            }
            WebElement page = browser.findElement(By.tagName("main"));
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            replaced(page);
            if (kind.equals("instructions")) {
                WebElement after = browser.findElement(By.tagName("main"));
                browser.navigate().back();
                replaced(after);
                String shown = browser.findElement(By.name("step")).getAttribute("value");
                assertTrue(!shown.equals("instructions") && !shown.equals("consent"),
                        "the back button shows the next unanswered step, not an answered one: " + shown);
                backTested = true;
            }
        }
        assertTrue(backTested);
        String code = browser.findElement(By.id("completion-code")).getText();
        assertEquals("XSDEMO42", code);
        assertEquals(Set.of("consent", "instructions", "comprehension", "forward", "learning", "attention",
                "counterfactual", "rating", "freetext", "questionnaire", "debrief"), kinds);
        assertTrue(sawHeatmap, "the first participant is in the heatmap condition and sees heatmaps");

        long id = scalar("SELECT id FROM participant WHERE external_pid = 'E2E-PID-1'");
        assertEquals("completed", text("SELECT status FROM participant WHERE id = " + id));
        assertEquals("study-9", text("SELECT prolific_study_id FROM participant WHERE id = " + id));
        assertEquals(0, scalar("SELECT count(*) FROM (SELECT step_key, question FROM response WHERE participant_id = "
                + id + " GROUP BY 1, 2 HAVING count(*) > 1) d"), "no answer is stored twice");
        assertEquals(0, scalar("SELECT count(*) FROM response WHERE participant_id = " + id
                + " AND (answered_at < shown_at OR client_rt_ms IS NULL)"), "timestamps and client timing");
        assertEquals(2, scalar("SELECT count(*) FROM response WHERE participant_id = " + id + " AND kind = 'comprehension'"));
        assertEquals(1, scalar("SELECT count(*) FROM response WHERE participant_id = " + id + " AND kind = 'attention' AND correct"));
        assertEquals(3, scalar("SELECT count(*) FROM response WHERE participant_id = " + id
                + " AND phase = 'post' AND question = 'guess'"));
        assertEquals(3, scalar("SELECT count(*) FROM response WHERE participant_id = " + id
                + " AND phase = 'post' AND question = 'confidence'"));
        assertEquals(4, scalar("SELECT count(*) FROM response WHERE participant_id = " + id + " AND kind = 'rating'"));
        assertEquals("Looked at <b>words</b> & \"quotes\"",
                text("SELECT answer FROM response WHERE participant_id = " + id + " AND question = 'strategy'"));
        long steps = scalar("SELECT jsonb_array_length(plan) FROM participant WHERE id = " + id);
        assertEquals(steps, scalar("SELECT count(DISTINCT step_key) FROM response WHERE participant_id = " + id),
                "every step of the plan answered exactly once (both comprehension attempts were used)");
    }

    /** Keeps a picture of the page in target/journey/ for people reviewing the participant pages. */
    private void screenshot(String name) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "journey");
        java.nio.file.Files.createDirectories(dir);
        byte[] png = browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        java.nio.file.Files.write(dir.resolve(name + ".png"), png);
    }

    private void choose(String name, String value) {
        WebElement input = browser.findElement(By.cssSelector("input[name='" + name + "'][value='" + value + "']"));
        input.findElement(By.xpath("./ancestor::label")).click();
        assertTrue(input.isSelected(), name + "=" + value + " selected via its label");
    }

    private void chooseIfPresent(String name, String value) {
        if (!browser.findElements(By.cssSelector("input[name='" + name + "']")).isEmpty()) {
            choose(name, value);
        }
    }

    long scalar(String sql) throws Exception {
        return new org.xstudy.TestDb(db).scalar(sql);
    }

    String text(String sql) throws Exception {
        return new org.xstudy.TestDb(db).text(sql);
    }

    /**
     * Waits until {@code element} has left the document because the browser loaded the next page. Chromium
     * reports such an element either as stale or, while the new document is being built, as a node that "does not
     * belong to the document"; both mean the old page is gone.
     */
    private void replaced(WebElement element) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }
}
