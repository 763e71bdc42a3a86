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

/** Exports round-trip through a CSV parser, match the codebook, and neutralise formula-like cells. */
class ExportTest {

    static final String[] TRICKY = {"=SUM(A1:A9)", "+1 (555) 0100", "-2", "@cmd", "\tindent", "\rcr",
        "say \"hi\", then\nleave", "naïve ☂ 日本", "plain"};

    static List<ExportRow> rows() {
        List<ExportRow> rows = new ArrayList<>();
        for (int i = 0; i < TRICKY.length; i++) {
            String p = i < 5 ? "P-a1" : "P-b2";
            rows.add(new ExportRow("demo-study", p, null, "heatmap", "main", Kind.FORWARD, "item" + i, i + 1,
                    "heatmap", "integrated_gradients", "1.0", TRICKY[i], i % 2 == 0 ? "pos" : "neg", "pos", "neg",
                    null, null, "2026-11-22T08:00:0" + i + "Z", "2026-11-22T08:00:1" + i + "Z", 900L + i,
                    1000L + i, true, i < 5 ? "" : "MANUAL", null));
        }
        rows.add(new ExportRow("demo-study", "P-b2", null, "heatmap", "rating", Kind.RATING, "item1", 20, "heatmap",
                "integrated_gradients", "1.0", "How helpful?", null, null, null, "helpfulness", 4,
                "2026-11-22T08:01:00Z", "2026-11-22T08:01:05Z", null, 5000L, true, "MANUAL", null));
        return rows;
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
        List<String> codebook = Codebook.files(List.of()).get(0).columns().stream().map(Codebook.Entry::name)
                .toList();
        assertEquals(codebook, headers);
        assertEquals(rows.size(), records.size());
        Iterator<CSVRecord> it = records.iterator();
        for (ExportRow row : rows) {
            CSVRecord rec = it.next();
            for (Column<ExportRow> c : LongFormat.COLUMNS) {
                Object v = c.value().apply(row);
                String expected = v == null ? "" : CsvWriter.neutralise(v.toString());
                assertEquals(expected, rec.get(c.name()), c.name());
            }
        }
        assertEquals("false", records.get(1).get("correct"));
        assertEquals("true", records.get(0).get("correct"));
        assertEquals("true", records.get(6).get("excluded"));
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
        assertEquals(2, WideFormat.write(rows().stream(), List.of("helpfulness"), out));
        List<CSVRecord> records = parse(out.toString(StandardCharsets.UTF_8));
        assertEquals(Codebook.files(List.of("helpfulness")).get(1).columns().stream().map(Codebook.Entry::name)
                .toList(), headers);
        CSVRecord a = records.get(0);
        assertEquals("P-a1", a.get("participant"));
        assertEquals("5", a.get("forward_answers"));
        // items 0, 2, 4 answered pos = model output
        assertEquals(String.valueOf(3.0 / 5), a.get("forward_accuracy"));
        assertEquals("902.0", a.get("median_response_ms"));
        assertEquals("false", a.get("excluded"));
        CSVRecord b = records.get(1);
        assertEquals("4.0", b.get("rating_helpfulness_mean"));
        assertEquals("MANUAL", b.get("exclusion_reasons"));
        assertEquals("true", b.get("excluded"));
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
        String md = Codebook.markdown(Codebook.files(List.of("helpfulness")));
        for (Codebook.File f : Codebook.files(List.of("helpfulness"))) {
            f.columns().forEach(c -> assertTrue(md.contains("| `" + c.name() + "` |"), c.name()));
        }
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
