package org.xstudy.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.xstudy.analysis.AnalysisParams;
import org.xstudy.analysis.Answer.Kind;
import org.xstudy.analysis.ExclusionRules;
import org.xstudy.analysis.Participant;
import org.xstudy.analysis.StudyAnalyzer;
import org.xstudy.analysis.StudyData;
import org.xstudy.study.DemoStudy;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.SpecValidator;
import org.xstudy.study.spec.StudySpec;

/** Exports round-trip through a CSV parser, match the codebook, and neutralise formula-like cells. */
class ExportTest {

    static final String[] TRICKY = {"=SUM(A1:A9)", "+1 (555) 0100", "-2", "@cmd", "\tindent", "\rcr",
        "say \"hi\", then\nleave", "naïve ☂ 日本", "plain"};

    static final Session DONE = new Session("completed", "STUDY-1", null, "2026-11-22T07:59:00Z",
            "2026-11-22T08:01:30.250Z");
    static final Session ACTIVE = new Session("active", "STUDY-1", null, "2026-11-22T07:58:00Z", null);
    static final Questionnaire ASKED = new Questionnaire(List.of(
            new Questionnaire.Question("about", "age", "Your age?", "number", null, "q_about_age"),
            new Questionnaire.Question("about", "strategy", "How did you decide?", "text", null,
                    "q_about_strategy")));

    static List<ExportRow> rows() {
        List<ExportRow> rows = new ArrayList<>();
        for (int i = 0; i < TRICKY.length; i++) {
            String p = i < 5 ? "P-a1" : "P-b2";
            rows.add(new ExportRow("demo-study", p, null, "heatmap", "main", Kind.FORWARD, "item" + i, i + 1,
                    "heatmap", "integrated_gradients", "1.0", TRICKY[i], i % 2 == 0 ? "pos" : "neg", "pos", "neg",
                    null, null, "2026-11-22T08:00:0" + i + "Z", "2026-11-22T08:00:1" + i + "Z", 900L + i,
                    1000L + i, i < 5 ? DONE : ACTIVE, i < 5 ? "" : "MANUAL", null));
        }
        rows.add(new ExportRow("demo-study", "P-b2", null, "heatmap", "rating", Kind.RATING, "item1", 20, "heatmap",
                "integrated_gradients", "1.0", "How helpful?", null, null, null, "helpfulness", 4,
                "2026-11-22T08:01:00Z", "2026-11-22T08:01:05Z", null, 5000L, ACTIVE, "MANUAL", null));
        rows.add(new ExportRow("demo-study", "P-b2", null, null, "about", Kind.FREE_TEXT, null, 21, null, null, null,
                "age", "-3", null, null, null, null, "2026-11-22T08:01:10Z", "2026-11-22T08:01:15Z", null, 5000L,
                ACTIVE, "MANUAL", null));
        return rows;
    }

    /** What a cell of a value should read: NA for missing, TRUE/FALSE, numbers as they are, text neutralised. */
    static String cell(Object v) {
        return v == null ? "NA" : v instanceof Boolean b ? (b ? "TRUE" : "FALSE")
                : v instanceof Number ? v.toString() : CsvWriter.neutralise(v.toString());
    }

    static StudySpec demoSpec() {
        return SpecParser.parse(DemoStudy.spec(), false);
    }

    static List<CSVRecord> parse(String csv) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(csv),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> records = parser.getRecords();
            records.forEach(r -> assertTrue(r.isConsistent(), "row has as many cells as the header"));
            headers = parser.getHeaderNames();
            return records;
        }
    }

    private static List<String> headers;

    @Test
    void longCsvRoundTripsWithEveryColumnInTheCodebook() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ExportRow> rows = rows();
        assertEquals(rows.size(), LongFormat.write(rows.stream(), out));
        List<CSVRecord> records = parse(out.toString(StandardCharsets.UTF_8));
        List<String> codebook = Codebook.of("demo-study", demoSpec(), List.of()).files().get(0).columns().stream()
                .map(Codebook.Entry::name).toList();
        assertEquals(codebook, headers);
        assertEquals(rows.size(), records.size());
        Iterator<CSVRecord> it = records.iterator();
        for (ExportRow row : rows) {
            CSVRecord rec = it.next();
            for (Column<ExportRow> c : LongFormat.COLUMNS) {
                assertEquals(cell(c.value().apply(row)), rec.get(c.name()), c.name());
            }
        }
        assertEquals("FALSE", records.get(1).get("correct"));
        assertEquals("TRUE", records.get(0).get("correct"));
        assertEquals("TRUE", records.get(6).get("excluded"));
        assertEquals("FALSE", records.get(6).get("completed"));
        assertEquals("NA", records.get(9).get("correct"), "a rating is neither right nor wrong");
        assertEquals("NA", records.get(9).get("client_response_ms"));
        assertEquals("NA", records.get(10).get("condition"), "no condition outside trials");
    }

    @Test
    void formulaLikeCellsAreNeutralised() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LongFormat.write(rows().stream(), out);
        List<CSVRecord> records = parse(out.toString(StandardCharsets.UTF_8));
        assertEquals("'=SUM(A1:A9)", records.get(0).get("question"));
        assertEquals("'+1 (555) 0100", records.get(1).get("question"));
        assertEquals("'-2", records.get(2).get("question"));
        assertEquals("'@cmd", records.get(3).get("question"));
        assertEquals("'\tindent", records.get(4).get("question"));
        assertEquals("'\rcr", records.get(5).get("question"));
        assertEquals("say \"hi\", then\nleave", records.get(6).get("question"));
        assertEquals("naïve ☂ 日本", records.get(7).get("question"));
        for (CSVRecord r : records) {
            for (String cell : r) {
                assertTrue(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0, cell);
            }
        }
    }

    @Test
    void wideCsvHasOneRowPerParticipantAndMatchesTheCodebook() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, WideFormat.write(rows().stream(), List.of("helpfulness"), ASKED, out));
        List<CSVRecord> records = parse(out.toString(StandardCharsets.UTF_8));
        assertEquals(WideFormat.columns(List.of("helpfulness"), ASKED).stream().map(Column::name).toList(), headers);
        assertTrue(headers.containsAll(List.of("prolific_study_id", "prolific_session_id", "status", "started_at",
                "finished_at", "duration_s", "q_about_age", "q_about_strategy")), headers.toString());
        CSVRecord a = records.get(0);
        assertEquals("P-a1", a.get("participant"));
        assertEquals("5", a.get("forward_answers"));
        // items 0, 2, 4 answered pos = model output
        assertEquals(String.valueOf(3.0 / 5), a.get("forward_accuracy"));
        assertEquals("902.0", a.get("median_response_ms"));
        assertEquals("FALSE", a.get("excluded"));
        assertEquals("TRUE", a.get("completed"));
        assertEquals("STUDY-1", a.get("prolific_study_id"));
        assertEquals("NA", a.get("prolific_session_id"), "only with the Prolific ids");
        assertEquals("completed", a.get("status"));
        assertEquals("2026-11-22T07:59:00Z", a.get("started_at"));
        assertEquals("2026-11-22T08:01:30.250Z", a.get("finished_at"));
        assertEquals(150.25, Double.parseDouble(a.get("duration_s")), 1e-9, "07:59:00 to 08:01:30.25");
        assertEquals("NA", a.get("q_about_age"), "not answered");
        CSVRecord b = records.get(1);
        assertEquals("4.0", b.get("rating_helpfulness_mean"));
        assertEquals("MANUAL", b.get("exclusion_reasons"));
        assertEquals("TRUE", b.get("excluded"));
        assertEquals("active", b.get("status"));
        assertEquals("NA", b.get("finished_at"));
        assertEquals("NA", b.get("duration_s"));
        assertEquals("-3", b.get("q_about_age"), "a number answer is a number, not a neutralised text");
    }

    @Test
    void jsonRowsCarryTheCodebookFields() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(rows().size(), JsonFormat.writeRows(rows().stream(), out));
        JsonNode array = new ObjectMapper().readTree(out.toByteArray());
        assertEquals(rows().size(), array.size());
        List<String> fields = new ArrayList<>();
        array.get(0).fieldNames().forEachRemaining(fields::add);
        assertEquals(LongFormat.header(), fields);
        assertEquals("=SUM(A1:A9)", array.get(0).get("question").asText(), "JSON keeps the text as is");
        assertTrue(array.get(0).get("rating_value").isNull());
        assertEquals(4, array.get(9).get("rating_value").asInt());
    }

    @Test
    void codebookMarkdownListsEveryColumn() {
        Codebook cb = Codebook.of("demo-study", demoSpec(), List.of("helpfulness"));
        String md = CodebookMarkdown.render(cb);
        for (Codebook.File f : cb.files()) {
            f.columns().forEach(c -> assertTrue(md.contains("| `" + c.name() + "` |"), c.name()));
        }
    }

    @Test
    void theCodebookIsTheStudysOwn() {
        StudySpec spec = demoSpec();
        Codebook cb = Codebook.of("demo-study", spec, List.of("ease", "helpfulness"));
        assertEquals(spec.conditions().stream().map(StudySpec.Condition::id).toList(),
                cb.conditions().stream().map(Codebook.ConditionEntry::id).toList());
        assertEquals(List.of("control"), cb.conditions().stream().filter(Codebook.ConditionEntry::control)
                .map(Codebook.ConditionEntry::id).toList());
        assertEquals("control", cb.control());
        assertEquals(spec.phases().size(), cb.phases().size());
        assertEquals(List.of("ease", "helpfulness"), cb.ratingScales().stream().map(Codebook.ScaleEntry::id)
                .toList(), "the scales of the data, not a generic list");
        Codebook.ScaleEntry ease = cb.ratingScales().get(0);
        assertEquals(SpecValidator.PRESET_SCALES.get("ease"), ease.question());
        Codebook.Entry scale = cb.files().get(0).columns().stream().filter(e -> e.name().equals("rating_scale"))
                .findFirst().orElseThrow();
        assertTrue(scale.allowed().startsWith("ease, helpfulness;"), scale.allowed());
        assertTrue(!scale.allowed().contains("understanding"), scale.allowed());
        // every question asked outside trials is listed with its text, and questionnaire ones with their column
        for (StudySpec.Phase p : spec.phases()) {
            if (p.questions() != null) {
                for (StudySpec.Question q : p.questions()) {
                    assertTrue(cb.questions().stream().anyMatch(e -> e.id().equals(q.id())
                            && e.text().equals(q.text())), q.id());
                }
            }
        }
        List<String> wide = cb.files().get(1).columns().stream().map(Codebook.Entry::name).toList();
        cb.questions().stream().filter(q -> q.wideColumn() != null)
                .forEach(q -> assertTrue(wide.contains(q.wideColumn()), q.wideColumn()));
        String md = CodebookMarkdown.render(cb);
        assertTrue(md.contains("The control (the baseline of the analysis's comparisons) is condition `control`."));
        assertTrue(md.contains("| `control` | none | TRUE |"), md);
    }

    @Test
    void columnNamesAreOnesRKeeps() {
        List<String> names = WideFormat.columns(List.of("ease-of.use"), new Questionnaire(List.of())).stream()
                .map(Column::name).toList();
        assertTrue(names.containsAll(List.of("rating_ease_of_use_mean", "rating_ease_of_use_n")), names.toString());
        names.forEach(n -> assertTrue(n.matches("[a-z][a-z0-9_]*"), n));
        StudySpec spec = demoSpec();
        Questionnaire twice = Questionnaire.of(new StudySpec(1, null, "t", null, spec.labels(), spec.items(),
                spec.conditions(), spec.design(), List.of(questions("a-b"), questions("a_b")), null));
        assertEquals(List.of("q_a_b_x", "q_a_b_x_2"), twice.questions().stream()
                .map(Questionnaire.Question::column).toList(), "a clash is numbered, not merged");
    }

    private static StudySpec.Phase questions(String name) {
        return new StudySpec.Phase("questionnaire", name, null, null, null, null, null, null,
                List.of(new StudySpec.Question("x", "X?", "text", null, null, null, null, null, null, null)), null,
                null, null);
    }

    @Test
    void codebookCellsCannotBreakTheTableOrCarryHtml() {
        assertEquals("a \\| b &lt;script&gt; c", CodebookMarkdown.cell("a | b <script>\nc"));
    }

    @Test
    void fileNamesCarryTheSlugAndUtcTimestamp() {
        assertEquals("demo-study_long_20261122T081502Z.csv",
                ExportFiles.name("demo-study", "long", "csv", Instant.parse("2026-11-22T08:15:02.345Z")));
    }

    @Test
    void analysisJsonHasParametersSeedsAndNoNaN() throws IOException {
        List<org.xstudy.analysis.Answer> answers = rows().stream().map(ExportRow::toAnswer).toList();
        StudyData data = new StudyData("demo-study", List.of(new Participant("P-a1", "heatmap", true),
                new Participant("P-b2", "heatmap", true)), answers, ExclusionRules.defaults(), List.of(), List.of(), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonFormat.writeReport(StudyAnalyzer.analyze(data, new AnalysisParams(123, 45, 99L, 0.9, null)), out);
        String json = out.toString(StandardCharsets.UTF_8);
        JsonNode report = new ObjectMapper().readTree(json);
        assertEquals(123, report.at("/params/resamples").asInt());
        assertEquals(45, report.at("/params/permutations").asInt());
        assertEquals(99, report.at("/params/seed").asLong());
        assertEquals(0.9, report.at("/params/confidence").asDouble());
        assertTrue(report.at("/withExclusions/simulation").isArray());
        assertTrue(!json.contains("NaN"), "undefined statistics are null");
    }
}
