package org.xstudy.export;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xstudy.TestDb;
import org.xstudy.participant.ParticipantClient;
import org.xstudy.study.TestStudies;

/**
 * A real study taken by real participants is exported (long CSV, wide CSV, JSON) to files, which are then loaded
 * without any cleaning as a researcher would: with base R's {@code read.csv} and {@code readr::read_csv} through
 * {@code Rscript} (logical columns must load as logical, and {@code glm(correct ~ condition, binomial)} must fit
 * the log-odds computed here from the stored answers), and with Python's {@code csv} and {@code json} modules.
 */
@QuarkusTest
class ExportLoadsInRAndPythonTest {

    private static final String KEY = TestStudies.KEY;
    private static final String INSTALL = "install the Debian packages r-base-core and r-cran-readr (.ci/run does)";

    @Inject
    DataSource db;

    @TempDir
    Path dir;

    @Test
    void exportsLoadWithoutCleaningInBaseRReadrAndPython() throws Exception {
        ObjectNode spec = TestStudies.demo(s -> {
            ArrayNode conditions = s.putArray("conditions");
            conditions.addObject().put("id", "heatmap").put("explanation", "heatmap");
            conditions.addObject().put("id", "control").put("explanation", "none").put("control", true);
        });
        long id = TestStudies.create(spec);
        given().header("X-API-Key", KEY).post("/api/studies/" + id + "/open").then().statusCode(200);
        String slug = spec.get("slug").asText();
        for (int k = 0; k < 4; k++) {
            take(slug, k);
        }
        ParticipantClient quitter = new ParticipantClient(slug);
        quitter.join("R-" + slug + "-quit");
        quitter.post(quitter.currentStep(), ParticipantClient.validAnswer("consent", null));

        Path longCsv = download(id, "long-csv", "long.csv");
        Path wideCsv = download(id, "wide-csv", "wide.csv");
        Path json = download(id, "json", "long.json");
        JsonPath codebook = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/codebook?format=json")
                .then().statusCode(200).extract().jsonPath();
        List<String> longColumns = codebook.getList("files.find { it.file == 'long-csv' }.columns.name");
        List<String> wideColumns = codebook.getList("files.find { it.file == 'wide-csv' }.columns.name");

        Map<String, int[]> guesses = guesses(id);
        assertEquals(List.of("control", "heatmap"), List.copyOf(guesses.keySet()));
        guesses.forEach((c, n) -> assertTrue(n[0] > 0 && n[0] < n[1], c + ": " + n[0] + " of " + n[1]
                + " right; the log-odds need both right and wrong guesses"));
        double control = logOdds(guesses.get("control"));
        int guessRows = guesses.values().stream().mapToInt(n -> n[1]).sum();
        long answers = new TestDb(db).scalar("SELECT count(*) FROM response WHERE study_id = " + id);

        Map<String, String> r = run(List.of("Rscript", "--vanilla", script("load-exports.R").toString(),
                longCsv.toString(), wideCsv.toString(), "control"), "Rscript is not installed: " + INSTALL);
        for (String reader : List.of("read.csv", "readr")) {
            assertEquals(String.valueOf(answers), r.get(reader + ".long.rows"), reader);
            assertEquals("5", r.get(reader + ".wide.rows"), reader + ": one row per participant");
            assertEquals("1", r.get(reader + ".wide.unfinished"), reader + ": the quitter has no finished_at");
            assertEquals(String.join(",", wideColumns), r.get(reader + ".wide.columns"),
                    reader + " keeps the column names as the codebook gives them");
            assertEquals(String.valueOf(guessRows), r.get(reader + ".glm.n"), reader + ": the guesses are fitted");
            assertEquals(control, Double.parseDouble(r.get(reader + ".coef.(Intercept)")), 1e-6,
                    reader + ": the intercept is the control's log-odds");
            assertEquals(logOdds(guesses.get("heatmap")) - control,
                    Double.parseDouble(r.get(reader + ".coef.conditionheatmap")), 1e-6,
                    reader + ": heatmap's coefficient is its log-odds ratio against the control");
        }

        Map<String, String> py = run(List.of("python3", script("load-exports.py").toString(), longCsv.toString(),
                wideCsv.toString(), json.toString()), "python3 is not installed");
        assertEquals(String.join(",", longColumns), py.get("long.columns"));
        assertEquals(String.valueOf(answers), py.get("long.rows"));
        assertEquals(String.join(",", wideColumns), py.get("wide.columns"));
        assertEquals("5", py.get("wide.rows"));
        assertEquals(String.valueOf(answers), py.get("json.rows"));
        assertEquals(String.join(",", longColumns), py.get("json.columns"));
        assertEquals("FALSE,NA,TRUE", py.get("long.logical"), "logical cells are TRUE, FALSE or NA");
        assertTrue(wideColumns.containsAll(List.of("prolific_study_id", "prolific_session_id", "status",
                "started_at", "finished_at", "duration_s", "q_questionnaire_age", "q_freetext_strategy")),
                wideColumns.toString());
    }

    /** Takes the study to the end, guessing "negative" on every third trial (shifted by k), else "positive". */
    private static void take(String slug, int k) {
        ParticipantClient p = new ParticipantClient(slug);
        p.join("R-" + slug + "-" + k);
        int trial = 0;
        for (String step = p.currentStep(); step != null; step = p.currentStep()) {
            Map<String, String> form = new HashMap<>(ParticipantClient.validAnswer(p.currentKind(), step));
            if (form.containsKey("guess")) {
                form.put("guess", (trial++ + k) % 3 == 0 ? "negative" : "positive");
            }
            p.post(step, form);
            if (trial > 200) {
                fail("the study did not end");
            }
        }
    }

    private Path download(long id, String format, String name) throws IOException {
        byte[] body = given().header("X-API-Key", KEY).get("/api/studies/" + id + "/export?format=" + format).then()
                .statusCode(200).extract().asByteArray();
        return Files.write(dir.resolve(name), body);
    }

    private Path script(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/export/" + name)) {
            Path p = dir.resolve(name);
            Files.copy(in, p);
            return p;
        }
    }

    /** By condition: right and all guesses, straight from the stored answers. */
    private Map<String, int[]> guesses(long id) throws SQLException {
        Map<String, int[]> out = new LinkedHashMap<>();
        String counts = new TestDb(db).text("SELECT string_agg(condition || ':' || ok || ':' || n, ',' ORDER BY "
                + "condition) FROM (SELECT condition, count(*) FILTER (WHERE correct) AS ok, count(*) AS n "
                + "FROM response WHERE study_id = " + id + " AND kind IN ('forward', 'counterfactual') "
                + "AND question = 'guess' GROUP BY condition) g");
        for (String c : counts.split(",")) {
            String[] f = c.split(":");
            out.put(f[0], new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])});
        }
        return out;
    }

    private static double logOdds(int[] rightOfAll) {
        return Math.log((double) rightOfAll[0] / (rightOfAll[1] - rightOfAll[0]));
    }

    /** Runs a command; its "key=value" output lines, or a failure with its output. */
    private static Map<String, String> run(List<String> command, String missing) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail(missing + " (" + e.getMessage() + ")");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command.get(0) + " did not finish: " + out);
        }
        assertEquals(0, p.exitValue(), command.get(0) + " failed:\n" + out);
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
