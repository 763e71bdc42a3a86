package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xstudy.journey.BrowserSession;
import org.xstudy.study.TestStudies;

/** In headless Chromium: the study page leads to the explanation browser, whose filter form works without script. */
@QuarkusTest
class ExplanationBrowserJourneyTest {

    @TestHTTPResource("/")
    URL base;

    @RegisterExtension
    BrowserSession chrome = new BrowserSession();

    @Inject
    Users users;

    @Test
    void researcherFiltersTheExplanationBrowser() {
        Users.Account a = users.create("researcher");
        long id = TestStudies.create(TestStudies.demo(s -> { }), a.token());
        ChromeDriver browser = chrome.driver();
        browser.get(base + "console/studies/" + id);
        browser.findElement(By.id("email")).sendKeys(a.email());
        browser.findElement(By.id("password")).sendKeys(Users.PASSWORD);
        browser.findElement(By.cssSelector("form.xc-form button[type=submit]")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("explanations-link"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("match-count"), "12 of 12"));
        assertEquals(1, browser.findElements(By.cssSelector("#item-m01 [data-method=heatmap] .xh-heatmap")).size(),
                "the participant heatmap is drawn");

        browser.findElement(By.cssSelector("input[name=method][value=verbalization]")).click();
        browser.findElement(By.cssSelector("input[name=outcome][value=wrong]")).click();
        WebElement old = browser.findElement(By.id("match-count"));
        browser.findElement(By.id("apply-filter")).click();
        wait.until(ExpectedConditions.stalenessOf(old));
        assertTrue(browser.getCurrentUrl().contains("method=verbalization"), browser.getCurrentUrl());
        assertTrue(browser.findElement(By.id("match-count")).getText().startsWith("3 of 12"));
        assertEquals(3, browser.findElements(By.cssSelector("section.xc-item")).size());
        assertEquals(3, browser.findElements(By.cssSelector("article.xc-explanation")).size(),
                "one explanation per item: only the chosen method");
        assertEquals(3, browser.findElements(By.cssSelector("article[data-method=verbalization]")).size());
        assertTrue(browser.findElement(By.cssSelector("input[name=outcome][value=wrong]")).isSelected(),
                "the form shows the filter in force");
    }
}
