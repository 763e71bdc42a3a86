package org.xstudy.journey;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A headless Chromium per test: register with {@code @RegisterExtension BrowserSession chrome = new BrowserSession();}. */
public final class BrowserSession implements BeforeEachCallback, AfterEachCallback {

    private ChromeDriver driver;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        driver = Browser.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Clicks a button that leaves the page and waits until the next page has replaced it. */
    public void submit(By button) {
        submit(driver, button);
    }

    /** Clicks a button that leaves the page in {@code driver} and waits until the next page has replaced it. */
    public static void submit(ChromeDriver driver, By button) {
        WebElement page = driver.findElement(By.tagName("main"));
        driver.findElement(button).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
    }
}
