package org.xstudy.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.xstudy.acceptance.PageChecks;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.represent.DirectionWords;
import org.xstudy.study.TestStudies;

/**
 * In headless Chromium: a participant's learning step with heatmaps of magnitudes (absolute saliency, recorded as
 * {@code "signed": false} in the spec) draws the words and the legend in the one-colour scale from heatmap.css,
 * states no direction, and breaks no Content-Security-Policy rule. The page is kept as
 * target/journey/magnitude-heatmap.png for review.
 */
@QuarkusTest
class MagnitudeHeatmapJourneyTest {

    @TestHTTPResource("/")
    URL base;

    @RegisterExtension
    BrowserSession chrome = new BrowserSession();

    @Test
    void theLearningStepDrawsMagnitudesInOneColour() throws Exception {
        ObjectNode spec = TestStudies.demo(s -> {
            for (var item : s.withArray("items")) {
                ObjectNode heatmap = (ObjectNode) item.get("explanations").get("heatmap");
                heatmap.put("method", "saliency").putObject("provenance").put("signed", false);
                for (var token : heatmap.withArray("tokens")) {
                    ((ObjectNode) token).put("score", Math.abs(token.get("score").asDouble()));
                }
            }
            s.putArray("conditions").addObject().put("id", "heatmap").put("explanation", "heatmap");
        });
        String slug = TestStudies.open(spec);
        ParticipantClient p = new ParticipantClient(slug);
        p.join("PID-MAGNITUDE-JOURNEY");
        while (!"learning".equals(p.currentKind())) {
            String step = p.currentStep();
            p.post(step, ParticipantClient.validAnswer(p.currentKind(), step));
        }
        ChromeDriver browser = chrome.driver();
        browser.executeCdpCommand("Network.setCookie", java.util.Map.of("name", "xs_session", "value", p.cookie(),
                "url", base.toString()));
        PageChecks checks = new PageChecks(browser);
        browser.get(base + "s/" + slug + "/step");
        checks.page("learning step with a magnitude heatmap");

        WebElement figure = browser.findElement(By.cssSelector(".xh-heatmap"));
        assertEquals("magnitude", figure.getAttribute("data-scale"));
        List<WebElement> swatches = figure.findElements(By.cssSelector(".xh-sw"));
        assertEquals("rgba(252, 251, 253, 1)", swatches.get(0).getCssValue("background-color"));
        assertEquals("rgba(63, 0, 125, 1)", swatches.get(swatches.size() - 1).getCssValue("background-color"),
                "heatmap.css colours the darkest swatch");
        WebElement strongest = figure.findElement(By.cssSelector(".xh-w.xh-m20"));
        assertEquals("rgba(63, 0, 125, 1)", strongest.getCssValue("background-color"));
        String legend = figure.findElement(By.cssSelector(".xh-legend")).getText();
        assertEquals(List.of(), DirectionWords.in(legend), legend);
        Path dir = Path.of("target", "journey");
        Files.createDirectories(dir);
        Files.write(dir.resolve("magnitude-heatmap.png"), browser.getScreenshotAs(OutputType.BYTES));
        assertEquals(List.of(), checks.problems(), "no CSP violation or console error");
        assertEquals(1, checks.pages());
    }
}
