package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xstudy.acceptance.PageChecks;
import org.xstudy.journey.BrowserSession;
import org.xstudy.model.ModelRegistry;

/**
 * The study wizard in a real headless Chromium: from the keyboard, a refused field, then a draft study; and trial
 * lists uploaded as a CSV file, previewed and made into a study, with no CSP violation or console error.
 */
@QuarkusTest
class StudyWizardBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @RegisterExtension
    BrowserSession chrome = new BrowserSession();

    @Inject
    ModelRegistry registry;

    @Inject
    Users users;

    @Inject
    EntityManager em;

    @Test
    void aResearcherMakesAStudyWithTheKeyboard() {
        registry.register(StudyWizardTest.model());
        Users.Account owner = users.create("researcher");
        StudyWizardTest.dataset(em, owner, "keyboard set", 12);
        ChromeDriver browser = chrome.driver();
        browser.get(base + "console/login");
        browser.findElement(By.id("email")).sendKeys(owner.email());
        browser.findElement(By.id("password")).sendKeys(Users.PASSWORD, Keys.ENTER);
        wait(browser).until(d -> d.getCurrentUrl().endsWith("/console/studies"));

        browser.get(base + "console/studies/new");
        browser.findElement(By.linkText("study wizard")).sendKeys(Keys.ENTER);
        wait(browser).until(d -> d.getCurrentUrl().endsWith("/wizard"));
        assertEquals("Title", browser.findElement(By.id("f-title")).getAccessibleName());
        assertEquals("Number of items", browser.findElement(By.id("f-count")).getAccessibleName());
        assertEquals("occlusion", browser.findElement(By.id("f-method")).getAttribute("value"),
                "the default method works with every model, also one without gradients");
        browser.findElement(By.id("f-title")).sendKeys("Keyboard study");
        browser.findElement(By.id("f-count")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "4");
        // other tests may have registered models listed before this one: choose it by typing its name
        browser.findElement(By.id("f-model")).sendKeys(StudyWizardTest.model().id());
        assertEquals(StudyWizardTest.model().id(), browser.findElement(By.id("f-model")).getAttribute("value"));
        browser.findElement(By.cssSelector("input[name=types][value=heatmap]")).sendKeys(Keys.SPACE);
        browser.findElement(By.id("f-title")).sendKeys(Keys.ENTER);
        wait(browser).until(d -> "wizard-errors".equals(d.switchTo().activeElement().getAttribute("id")));
        assertEquals("Choose at least one explanation type.", browser.findElement(By.id("err-types")).getText());
        assertEquals("err-types", browser.findElement(By.id("f-types")).getAttribute("aria-describedby"));
        assertEquals("Keyboard study", browser.findElement(By.id("f-title")).getAttribute("value"));
        assertEquals("4", browser.findElement(By.id("f-count")).getAttribute("value"));

        browser.findElement(By.cssSelector("input[name=types][value=template]")).sendKeys(Keys.SPACE);
        browser.findElement(By.id("f-title")).sendKeys(Keys.ENTER);
        wait(browser).until(d -> d.getCurrentUrl().matches(".*/console/studies/\\d+"));
        assertEquals("draft", browser.findElement(By.id("study-status")).getText(), browser.getPageSource());
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("Keyboard study"));
    }

    @Test
    void aResearcherUploadsTrialListsPreviewsThemAndCreatesTheStudy() throws Exception {
        registry.register(StudyWizardTest.model());
        Users.Account owner = users.create("researcher");
        StudyWizardTest.dataset(em, owner, "smv set", 12);
        Path csv = Files.createTempFile("smv-lists", ".csv");
        Files.writeString(csv, "list,item,condition\nL1,r1,heatmap\nL1,r1,rationale\nL1,r2,control\n"
                + "L2,r3,heatmap\nL2,r3,control\nL2,r4,rationale\n");
        ChromeDriver browser = chrome.driver();
        PageChecks checks = new PageChecks(browser);
        browser.get(base + "console/login");
        browser.findElement(By.id("email")).sendKeys(owner.email());
        browser.findElement(By.id("password")).sendKeys(Users.PASSWORD, Keys.ENTER);
        wait(browser).until(d -> d.getCurrentUrl().endsWith("/console/studies"));

        browser.get(base + "console/studies/new/wizard");
        checks.page("wizard");
        browser.findElement(By.id("f-title")).sendKeys("SMV study");
        browser.findElement(By.cssSelector("input[name=selection][value=rows]")).click();
        browser.findElement(By.id("f-rows")).sendKeys("1-4");
        browser.findElement(By.id("f-model")).sendKeys(StudyWizardTest.model().id());
        browser.findElement(By.cssSelector("input[name=types][value=rationale]")).click();
        browser.findElement(By.cssSelector("input[name=design][value=sequences]")).click();
        browser.findElement(By.id("f-trialsFile")).sendKeys(csv.toString());
        BrowserSession.submit(browser, By.cssSelector("button[value=preview]"));
        checks.page("wizard preview");
        assertEquals("lists-preview", browser.switchTo().activeElement().getAttribute("id"), "focus on the preview");
        assertEquals("L1 shuffled per participant 3 2 1 1 1", browser.findElement(By.cssSelector(
                "#lists-table tbody tr")).getText());
        assertTrue(browser.findElement(By.id("f-trials")).getAttribute("value").contains("L2,r4,rationale"),
                "the uploaded file is kept in the form");

        BrowserSession.submit(browser, By.cssSelector("button[value=create]"));
        wait(browser).until(d -> d.getCurrentUrl().matches(".*/console/studies/\\d+"));
        checks.page("study");
        assertEquals("draft", browser.findElement(By.id("study-status")).getText(), browser.getPageSource());
        assertEquals(List.of(), checks.problems(), "no CSP violation or console error");
    }

    /** Waits for a condition across page loads (an element of the page being left goes stale meanwhile). */
    private static FluentWait<WebDriver> wait(ChromeDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class);
    }
}
