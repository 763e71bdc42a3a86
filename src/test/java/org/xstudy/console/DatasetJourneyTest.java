package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xstudy.journey.BrowserSession;
import org.xstudy.model.ModelRegistry;
import org.xstudy.common.Actor;
import org.xstudy.model.imports.Fixtures;
import org.xstudy.model.imports.ImportRequest;
import org.xstudy.model.imports.ModelImportService;

/**
 * In a real headless Chromium: a researcher imports a broken CSV and sees its row errors by the form, imports a
 * good one and finds it listed, then precomputes explanations over it and watches the progress bar reach the
 * total without reloading the page.
 */
@QuarkusTest
class DatasetJourneyTest {

    @TestHTTPResource("/")
    URL base;

    @RegisterExtension
    BrowserSession chrome = new BrowserSession();

    @Inject
    Users users;

    @Inject
    ModelImportService imports;

    @Inject
    ModelRegistry registry;

    ChromeDriver browser;

    @Test
    void researcherImportsADataSetAfterFixingARowAndPrecomputesOverIt() throws Exception {
        Users.Account a = users.create("admin");
        String model = tinyOnnxModel(a);
        browser = chrome.driver();
        browser.get(base + "console/login");
        browser.findElement(By.id("email")).sendKeys(a.email());
        browser.findElement(By.id("password")).sendKeys(Users.PASSWORD);
        chrome.submit(By.cssSelector("form.xc-form button[type=submit]"));

        browser.findElement(By.linkText("Datasets")).click();
        assertTrue(browser.findElement(By.id("datasets-empty")).getText().contains("no data sets yet"));
        Path broken = Files.createTempFile("reviews", ".csv");
        Files.writeString(broken, "text,label\nA fine film,positive\n,negative\nA dull film,negative\n");
        browser.findElement(By.id("dataset-file")).sendKeys(broken.toString());
        browser.findElement(By.id("dataset-name")).sendKeys("Film reviews");
        chrome.submit(By.id("import-dataset"));
        WebElement errors = browser.findElement(By.id("import-errors"));
        assertTrue(errors.getText().contains("Row 2 (line 3): text is empty."), errors.getText());
        assertEquals("import-errors", browser.findElement(By.id("dataset-file")).getAttribute("aria-describedby"));
        assertTrue(browser.findElements(By.id("datasets")).isEmpty(), "nothing was stored");

        Path fixed = Files.createTempFile("reviews", ".csv");
        Files.writeString(fixed, "text,label\nA fine film,positive\nA weak film,negative\nA dull film,negative\n");
        browser.findElement(By.id("dataset-file")).sendKeys(fixed.toString());
        chrome.submit(By.id("import-dataset"));
        assertEquals("Film reviews", browser.findElement(By.tagName("h1")).getText());
        browser.findElement(By.linkText("Datasets")).click();
        String listed = browser.findElement(By.id("datasets")).getText();
        assertTrue(listed.contains("Film reviews") && listed.contains("positive, negative"), listed);
        assertFalse(browser.findElements(By.id("import-errors")).size() > 0);

        browser.findElement(By.linkText("Film reviews")).click();
        browser.findElement(By.linkText("Precompute explanations")).click();
        new Select(browser.findElement(By.id("precompute-model"))).selectByValue(model);
        browser.findElement(By.id("method-occlusion")).click();
        chrome.submit(By.id("start-precompute"));
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> field("eta").equals("finished"));
        assertEquals("done", field("status"));
        WebElement bar = browser.findElement(By.id("job-progress"));
        assertEquals("3", bar.getAttribute("value"));
        assertEquals("3", bar.getAttribute("max"));
        registry.remove(model);
    }

    /** A model imported by {@code owner} (an admin: imports read the server's files): only they see it. */
    private String tinyOnnxModel(Users.Account owner) throws Exception {
        Path dir = Fixtures.importFolder("journey-model");
        Path onnx = Fixtures.onnxWithTokenizer(dir, 11);
        String id = "journey-bag-" + UUID.randomUUID().toString().substring(0, 6);
        imports.importModel(new ImportRequest(id, null, onnx.toString(), dir.resolve("tokenizer.json").toString(),
                List.of("negative", "positive"), 64), owner.actor());
        return id;
    }

    private String field(String name) {
        return browser.findElement(By.cssSelector("[data-field='" + name + "']")).getText();
    }
}
