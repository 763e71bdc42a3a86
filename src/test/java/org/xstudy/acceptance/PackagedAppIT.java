package org.xstudy.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xstudy.acceptance.ParticipantWalker.Behaviour;
import org.xstudy.journey.Browser;
import org.xstudy.reliability.AppProcess;

/**
 * The product as users receive it: {@code target/quarkus-app} started with README's command on a fresh database and
 * an empty {@code XSTUDY_HOME}, then used in headless Chromium as a researcher and as Prolific participants would.
 * A stand-in Prolific on another origin receives the participants' redirects. Every page visited must show no
 * Content-Security-Policy violation and no console error; participant pages must not scroll sideways at 390 px.
 * Screenshots go to {@code target/acceptance/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedAppIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@lab.example.org";
    private static final String ADMIN_PASSWORD = "correct horse battery staple 42";
    private static final Path SHOTS = Path.of("target", "acceptance");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private AppProcess app;
    private StandInProlific prolific;
    /** A study's slug and its spec as the server stored it (with the generated codes). */
    private record Opened(String slug, JsonNode spec) {}

    private Opened demo;
    /** The demo with its heatmap condition only, for the phone: the widest explanation (its legend). */
    private Opened heatmapOnly;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(SHOTS);
        String db = freshDatabase("xstudy_accept");
        Path home = Files.createTempDirectory("xstudy-home");
        Map<String, String> env = new HashMap<>();
        env.put("XSTUDY_HOME", home.toString());
        env.put("XSTUDY_DEMO", "true");
        env.put("XSTUDY_DEMO_MODELS", "true");
        env.put("XSTUDY_DEMO_AUTO_TRAIN", "true");
        env.put("XSTUDY_ADMIN_EMAIL", ADMIN);
        env.put("XSTUDY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        app = AppProcess.start(db, env, Path.of("target", "packaged-app.log"));
        prolific = new StandInProlific();
        // the demo study, with Prolific's completion URL pointing at the stand-in
        JsonNode spec = JSON.readTree(Path.of("src", "main", "resources", "demo", "movie-sentiment.json").toFile());
        ((ObjectNode) spec.get("participants")).put("completionUrl", prolific.completionUrl());
        demo = open(spec.deepCopy(), "accept-demo");
        ObjectNode heatmap = spec.deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode conditions = heatmap.putArray("conditions");
        spec.get("conditions").forEach(c -> {
            if (c.get("explanation").asText().equals("heatmap")) {
                conditions.add(c);
            }
        });
        heatmapOnly = open(heatmap, "accept-heatmap");
    }

    @AfterAll
    void stop() throws Exception {
        if (prolific != null) {
            prolific.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void demoModelsAreTrainedOnAFreshMachineAndExplain() throws Exception {
        JsonNode status = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (System.nanoTime() < deadline) {
            status = api("GET", "/api/models/demo-training", null);
            if (!status.get("state").asText().equals("running")) {
                break;
            }
            Thread.sleep(2000);
        }
        assertEquals("done", status.get("state").asText(), "demo-model preparation: " + status);
        List<String> ids = new ArrayList<>();
        Map<String, String> hashes = new HashMap<>();
        api("GET", "/api/models", null).forEach(m -> {
            ids.add(m.get("id").asText());
            hashes.put(m.get("id").asText(), m.get("hash").asText());
        });
        assertTrue(ids.containsAll(List.of("demo-bge", "demo-cnn")), "models listed: " + ids);
        Path log = Path.of("target", "packaged-app.log");
        long nnpackBefore = nnpackWarnings(log);
        for (String[] run : new String[][] {{"demo-bge", "occlusion"}, {"demo-cnn", "integrated_gradients"},
                {"demo-cnn", "saliency"}}) {
            ObjectNode request = JSON.createObjectNode().put("text", "a witty and moving film, if a little long")
                    .put("model", run[0]).put("method", run[1]);
            JsonNode e = api("POST", "/api/explanations", request);
            assertEquals(10, e.get("tokens").size(), run[0] + " " + run[1] + ": words and the comma: " + e);
            assertEquals(e.get("tokens").size(), e.get("scores").size(), e.toString());
            double sum = 0;
            for (JsonNode s : e.get("scores")) {
                assertTrue(Double.isFinite(s.asDouble()), e.toString());
                sum += Math.abs(s.asDouble());
            }
            assertTrue(sum > 0, run[0] + " " + run[1] + " scores words: " + e.get("scores"));
            assertEquals(hashes.get(run[0]), e.get("provenance").get("modelHash").asText(),
                    "provenance names the weights' hash that /api/models shows (issue 19, defect 8)");
        }
        assertEquals(nnpackBefore, nnpackWarnings(log), "explaining with the demo CNN writes libtorch's \"Could not "
                + "initialize NNPACK\" warnings into the operator's log (" + log + ")");
    }

    private static long nnpackWarnings(Path log) throws java.io.IOException {
        try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains("Could not initialize NNPACK")).count();
        }
    }

    @Test
    @Order(2)
    void prolificParticipantCompletesAndArrivesOnProlificWithTheCode() throws Exception {
        journey(demo, false, Behaviour.COMPLETE, "completionCode", "desktop-complete");
    }

    @Test
    @Order(3)
    void onAPhoneTooAndNoPageScrollsSideways() throws Exception {
        journey(heatmapOnly, true, Behaviour.COMPLETE, "completionCode", "phone-complete");
    }

    @Test
    @Order(4)
    void failingTheComprehensionCheckTwiceSendsTheScreenOutCode() throws Exception {
        journey(demo, false, Behaviour.FAIL_COMPREHENSION, "screenOutCode", "screen-out");
    }

    @Test
    @Order(5)
    void decliningConsentSendsTheNoConsentCode() throws Exception {
        journey(demo, true, Behaviour.DECLINE_CONSENT, "noConsentCode", "no-consent");
    }

    @Test
    @Order(6)
    void researcherSeesTheDemoStudyAndItsHeatmapsInColour() throws Exception {
        ChromeDriver browser = Browser.start();
        PageChecks checks = new PageChecks(browser);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(app.base() + "/console");
            checks.page("login");
            browser.findElement(By.id("email")).sendKeys(ADMIN);
            browser.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
            browser.findElement(By.cssSelector("form.xc-form button[type=submit]")).click();
            wait.until(ExpectedConditions.urlContains("/console/studies"));
            checks.page("studies");
            browser.findElement(By.xpath("//span[normalize-space()='demo-movie-sentiment']/preceding-sibling::a"))
                    .click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("explanations-link")));
            checks.page("demo study");
            browser.findElement(By.id("explanations-link")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".xh-heatmap .xh-w")));
            checks.page("explanation browser");
            screenshot(browser, "explanation-browser");
            List<?> colours = (List<?>) browser.executeScript("return Array.from(document.querySelectorAll("
                    + "'.xh-heatmap .xh-w')).map(w => getComputedStyle(w).backgroundColor)");
            assertTrue(colours.stream().distinct().count() >= 3, "heatmap words in several colours: " + colours);
            assertTrue(colours.stream().noneMatch(c -> c.equals("rgba(0, 0, 0, 0)")), "no word left uncoloured");
            for (String page : List.of("/console/models", "/console/datasets", "/console/precompute",
                    "/console/studies/new", "/console/tokens")) {
                browser.get(app.base() + page);
                checks.page(page);
            }
            assertEquals(List.of(), checks.problems(), "console pages");
        } finally {
            browser.quit();
        }
    }

    /** Joins from a Prolific link in a new browser and checks where the participant arrives, with which code. */
    private void journey(Opened study, boolean phone, Behaviour behaviour, String codeField, String name)
            throws Exception {
        ChromeDriver browser = Browser.start();
        PageChecks checks = new PageChecks(browser);
        try {
            if (phone) {
                checks.phone();
            }
            String pid = name.replace("-", "") + Long.toString(System.nanoTime(), 36);
            String join = app.base() + "/s/" + study.slug() + "?PROLIFIC_PID=" + pid + "&STUDY_ID=st" + name.length()
                    + "&SESSION_ID=se" + pid;
            int before = prolific.codes().size();
            int steps = new ParticipantWalker(browser, study.spec(), checks, (kind, b) -> screenshot(b, name + "-" + kind))
                    .walk(join, behaviour);
            screenshot(browser, name);
            String code = code(study, codeField);
            assertEquals(prolific.origin() + "/submissions/complete?cc=" + code, browser.getCurrentUrl(),
                    name + ": the browser arrives on Prolific after " + steps + " steps");
            assertEquals(List.of(code), prolific.codes().subList(before, prolific.codes().size()));
            assertEquals(List.of(), checks.problems(), name + ": " + checks.pages() + " pages");
        } finally {
            browser.quit();
        }
    }

    /** The study's code for an outcome, as the server stored it (generated where the spec has none). */
    private static String code(Opened study, String field) {
        JsonNode code = study.spec().path("participants").path(field);
        assertTrue(code.isTextual(), "no " + field + " in " + study.spec().path("participants"));
        return code.asText();
    }

    /** Creates and opens {@code spec} under {@code slug}; returns it with the spec the server stored. */
    private Opened open(JsonNode spec, String slug) throws Exception {
        ((ObjectNode) spec).put("slug", slug);
        app.openStudy(spec);
        for (JsonNode s : api("GET", "/api/studies", null)) {
            if (s.path("slug").asText().equals(slug)) {
                return new Opened(slug, api("GET", "/api/studies/" + s.get("id").asLong() + "/spec", null));
            }
        }
        throw new AssertionError("study " + slug + " not listed");
    }

    private JsonNode api(String method, String path, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.base() + path)).header("X-API-Key",
                AppProcess.KEY).timeout(Duration.ofMinutes(2));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static void screenshot(ChromeDriver browser, String name) {
        try {
            Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Drops and creates {@code name} beside the test database, owned by the test role; returns its JDBC URL. */
    static String freshDatabase(String name) throws Exception {
        String testUrl = System.getProperty("XSTUDY_TEST_DB_URL", System.getenv("XSTUDY_TEST_DB_URL"));
        if (testUrl == null) {
            testUrl = "jdbc:postgresql://127.0.0.1:5432/xstudy_test";
        }
        String user = System.getProperty("xstudy.db.user", "xstudy");
        String password = System.getProperty("xstudy.db.password", "xstudy");
        String dbName = name + "_" + testUrl.substring(testUrl.lastIndexOf('/') + 1).replaceAll("\\W", "");
        try (Connection c = DriverManager.getConnection(testUrl, user, password)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            c.createStatement().execute("CREATE DATABASE " + dbName);
        }
        return testUrl.substring(0, testUrl.lastIndexOf('/') + 1) + dbName;
    }
}
