package org.xstudy.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Takes a study in Chromium as a participant would, by clicking: consent, instructions, comprehension questions
 * (answered from the spec: right, or wrong to be screened out), trials, ratings, attention checks, questionnaires,
 * debrief. Stops when the browser has left the study's origin (a redirect, e.g. to Prolific) or shows a page with
 * no form. Every page is checked with {@link PageChecks}.
 */
public final class ParticipantWalker {

    /** How the participant behaves. */
    public enum Behaviour { COMPLETE, FAIL_COMPREHENSION, DECLINE_CONSENT, FAIL_ATTENTION }

    private final ChromeDriver driver;
    private final JsonNode spec;
    private final PageChecks checks;
    private final java.util.function.BiConsumer<String, ChromeDriver> screenshot;
    private final java.util.Set<String> shot = new java.util.HashSet<>();

    /** {@code screenshot} is called with the kind of step the first time each kind is shown. */
    public ParticipantWalker(ChromeDriver driver, JsonNode spec, PageChecks checks,
            java.util.function.BiConsumer<String, ChromeDriver> screenshot) {
        this.driver = driver;
        this.spec = spec;
        this.checks = checks;
        this.screenshot = screenshot;
    }

    /** Opens {@code joinUrl} and answers until the session ends; returns the number of steps answered. */
    public int walk(String joinUrl, Behaviour behaviour) {
        String origin = origin(joinUrl);
        driver.get(joinUrl);
        int answered = 0;
        while (answered < 200) {
            checks.page("step " + (answered + 1));
            if (!origin(driver.getCurrentUrl()).equals(origin)) {
                return answered;
            }
            List<WebElement> forms = driver.findElements(By.id("step-form"));
            if (forms.isEmpty()) {
                return answered;
            }
            String kind = driver.findElement(By.tagName("main")).getAttribute("data-kind");
            if (shot.add(kind)) {
                screenshot.accept(kind, driver);
            }
            answer(kind, behaviour);
            org.xstudy.journey.BrowserSession.submit(driver, By.cssSelector("#step-form button[type=submit]"));
            answered++;
        }
        throw new AssertionError("the study did not end after 200 steps");
    }

    private void answer(String kind, Behaviour behaviour) {
        for (WebElement set : driver.findElements(By.cssSelector("#step-form fieldset"))) {
            List<WebElement> radios = set.findElements(By.cssSelector("input[type=radio]"));
            if (radios.isEmpty()) {
                continue;
            }
            String name = radios.get(0).getAttribute("name");
            String value = choose(kind, name, set, radios, behaviour);
            WebElement radio = radios.stream().filter(r -> r.getAttribute("value").equals(value)).findFirst()
                    .orElseThrow(() -> new AssertionError("no option " + value + " for " + name));
            radio.click();
        }
        for (WebElement box : driver.findElements(By.cssSelector("#step-form textarea"))) {
            box.sendKeys("I looked at the words the explanation marked.");
        }
        for (WebElement number : driver.findElements(By.cssSelector("#step-form input[type=number]"))) {
            String min = number.getAttribute("min");
            number.sendKeys(min == null || min.isBlank() ? "30" : String.valueOf(Integer.parseInt(min) + 12));
        }
    }

    private String choose(String kind, String name, WebElement set, List<WebElement> radios, Behaviour behaviour) {
        List<String> values = radios.stream().map(r -> r.getAttribute("value")).toList();
        if (name.equals("consent")) {
            return behaviour == Behaviour.DECLINE_CONSENT ? "no" : "yes";
        }
        if (kind.equals("comprehension") && name.startsWith("q.")) {
            String right = answerOf("questions", name.substring(2));
            if (right != null) {
                return behaviour == Behaviour.FAIL_COMPREHENSION
                        ? values.stream().filter(v -> !v.equals(right)).findFirst().orElseThrow() : right;
            }
        }
        if (kind.equals("attention")) {
            String legend = set.findElement(By.tagName("legend")).getText().strip();
            for (JsonNode phase : spec.get("phases")) {
                for (JsonNode check : phase.path("attentionChecks")) {
                    if (check.get("text").asText().strip().equals(legend)) {
                        String right = check.get("answer").asText();
                        return behaviour == Behaviour.FAIL_ATTENTION
                                ? values.stream().filter(v -> !v.equals(right)).findFirst().orElseThrow() : right;
                    }
                }
            }
        }
        return name.startsWith("rating.") || values.size() >= 5 ? values.get(values.size() / 2) : values.get(0);
    }

    /** The right answer of the question {@code id} in any phase's {@code field} list, or null. */
    private String answerOf(String field, String id) {
        for (JsonNode phase : spec.get("phases")) {
            for (JsonNode q : phase.path(field)) {
                if (q.get("id").asText().equals(id) && q.hasNonNull("answer")) {
                    return q.get("answer").asText();
                }
            }
        }
        return null;
    }

    static String origin(String url) {
        java.net.URI u = java.net.URI.create(url);
        return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
    }
}
