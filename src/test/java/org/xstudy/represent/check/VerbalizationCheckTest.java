package org.xstudy.represent.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.check.VerbalizationCheck.Error;
import org.xstudy.represent.verbal.ModelPrediction;
import org.xstudy.represent.verbal.TemplateVerbalizer;

/**
 * The verbalization check measured on the labelled set {@code verbal-check/labelled.json} (88 verbalizations of 7
 * saliency maps, written by hand; docs/explanations.md has the table this test prints).
 */
class VerbalizationCheckTest {

    /** A labelled verbalization. */
    record Case(String input, String text, Set<Error> errors) {}

    static Map<String, CheckSubject> subjects = new LinkedHashMap<>();
    static List<Case> cases = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = VerbalizationCheckTest.class.getResourceAsStream("/verbal-check/labelled.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("inputs").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                subjects.put(e.getKey(), subject(e.getValue()));
            }
            for (JsonNode c : root.get("cases")) {
                Set<Error> errors = EnumSet.noneOf(Error.class);
                c.get("errors").forEach(x -> errors.add(Error.valueOf(x.asText())));
                cases.add(new Case(c.get("input").asText(), c.get("text").asText(), errors));
            }
        }
    }

    static CheckSubject subject(JsonNode n) {
        String text = n.get("text").asText();
        List<TokenScore> scores = new ArrayList<>();
        int from = 0;
        for (JsonNode pair : n.get("scores")) {
            String token = pair.get(0).asText();
            int start = text.indexOf(token, from);
            scores.add(new TokenScore(token, start, start + token.length(), pair.get(1).asDouble()));
            from = start + token.length();
        }
        List<String> labels = new ArrayList<>();
        n.get("labels").forEach(l -> labels.add(l.asText()));
        return new CheckSubject(text, scores, n.get("explained").asText(), labels,
                new ModelPrediction(n.get("prediction").asText(), n.get("predictionProbability").asDouble()),
                n.get("probability").asDouble(), n.get("k").asInt(), n.get("signed").asBoolean());
    }

    /** Precision and recall of each error type, and of "unfaithful" as a whole. */
    @Test
    void precisionAndRecallPerErrorTypeStayAboveTheirThresholds() {
        Map<Error, int[]> counts = new EnumMap<>(Error.class);
        int[] any = new int[3];
        List<String> misses = new ArrayList<>();
        for (Case c : cases) {
            Set<Error> found = VerbalizationCheck.check(c.text(), subjects.get(c.input())).errors();
            for (Error e : Error.values()) {
                int[] tpFpFn = counts.computeIfAbsent(e, x -> new int[3]);
                boolean truth = c.errors().contains(e);
                boolean flagged = found.contains(e);
                tpFpFn[truth && flagged ? 0 : flagged ? 1 : truth ? 2 : 0] += truth || flagged ? 1 : 0;
            }
            boolean truth = !c.errors().isEmpty();
            boolean flagged = !found.isEmpty();
            any[truth && flagged ? 0 : flagged ? 1 : truth ? 2 : 0] += truth || flagged ? 1 : 0;
            if (!found.equals(c.errors())) {
                misses.add(c.input() + ": " + c.text() + " labelled " + c.errors() + ", found "
                        + VerbalizationCheck.check(c.text(), subjects.get(c.input())).findings());
            }
        }
        StringBuilder table = new StringBuilder("| error | labelled | flagged | precision | recall |\n");
        counts.forEach((e, n) -> table.append(row(e.name(), n)));
        table.append(row("any (unfaithful)", any));
        System.out.println(table + "\n" + cases.size() + " cases; disagreements:\n" + String.join("\n", misses));
        assertTrue(cases.size() >= 80, "at least 80 labelled cases");
        for (Error e : Error.values()) {
            int[] n = counts.get(e);
            assertTrue(n[0] + n[2] >= 4, e + " has too few labelled cases");
            assertTrue(precision(n) >= 0.85, e + " precision " + precision(n) + "\n" + table);
            assertTrue(recall(n) >= 0.85, e + " recall " + recall(n) + "\n" + table);
        }
        assertTrue(precision(any) >= 0.9 && recall(any) >= 0.9, table.toString());
    }

    /** Template verbalizations cite only what the saliency map says: the check never flags them. */
    @Test
    void templateVerbalizationsPassTheCheck() {
        for (Map.Entry<String, CheckSubject> e : subjects.entrySet()) {
            CheckSubject s = e.getValue();
            if (!s.signed() || s.labels().size() != 2) {
                continue;
            }
            for (boolean confidence : new boolean[] {false, true}) {
                for (int budget : new int[] {12, 20, 30}) {
                    String text = TemplateVerbalizer.verbalize(s.text(), s.scores(), s.explained(), s.probability(),
                            s.prediction(), new TemplateVerbalizer.Options(budget, s.k(), false, confidence)).text();
                    VerbalizationCheck check = VerbalizationCheck.check(text, s);
                    assertTrue(check.faithful(), e.getKey() + ": " + text + " " + check.findings());
                }
            }
        }
    }

    /**
     * Magnitudes (absolute saliency) have no direction, so none is checked: "despite" a word of large magnitude is
     * not a reversed direction, while the same text about signed scores is. Salience is still checked, and the
     * template sentence for magnitudes passes.
     */
    @Test
    void magnitudesAreCheckedForSalienceButNotForDirection() {
        CheckSubject magnitudes = subjects.get("grief");
        CheckSubject signed = new CheckSubject(magnitudes.text(), magnitudes.scores(), magnitudes.explained(),
                magnitudes.labels(), magnitudes.prediction(), magnitudes.probability(), magnitudes.k(), true);
        String against = "The model predicts \"positive\" despite \"astonishing\".";
        assertTrue(VerbalizationCheck.check(against, magnitudes).faithful());
        assertEquals(Set.of(Error.REVERSED_DIRECTION), VerbalizationCheck.check(against, signed).errors());
        assertEquals(Set.of(Error.NOT_SALIENT), VerbalizationCheck.check(
                "The model was most sensitive to the word \"documentary\".", magnitudes).errors());
        for (boolean confidence : new boolean[] {false, true}) {
            String text = TemplateVerbalizer.verbalize(magnitudes.text(), magnitudes.scores(), magnitudes.explained(),
                    magnitudes.probability(), magnitudes.prediction(), new TemplateVerbalizer.Options(30,
                            magnitudes.k(), false, confidence, true, false)).text();
            VerbalizationCheck check = VerbalizationCheck.check(text, magnitudes);
            assertTrue(check.faithful() && check.claimed().equals(List.of("astonishing", "moving")),
                    text + " " + check);
        }
    }

    /** The two answers of issue 19 that the old LLM check passed. */
    @Test
    void flagsUnquotedNonSalientWordsAndAReversedDirection() {
        CheckSubject greasy = subjects.get("greasy");
        VerbalizationCheck unquoted = VerbalizationCheck.check("the plot twists feel greasy and mechanical", greasy);
        assertEquals(List.of("plot", "twists"), unquoted.findings().stream()
                .map(VerbalizationCheck.Finding::stated).toList());
        VerbalizationCheck reversed = VerbalizationCheck.check(
                "The words \"dull\" and \"lifeless\" push the model towards \"positive\".", subjects.get("idea"));
        assertEquals(Set.of(Error.REVERSED_DIRECTION), reversed.errors(), reversed.findings().toString());
        assertEquals(List.of("dull", "lifeless"), reversed.findings().stream()
                .map(VerbalizationCheck.Finding::stated).toList());
    }

    @Test
    void labelNamesStopwordsAndPunctuationAreNotClaims() {
        VerbalizationCheck c = VerbalizationCheck.check(
                "\"Negative\": \"the\", \"of\", \".\" and \"loud\" speak for \"negative\".", subjects.get("loud"));
        assertEquals(List.of("loud"), c.claimed());
        assertTrue(c.faithful(), c.findings().toString());
    }

    private static String row(String name, int[] n) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f |%n", name, n[0] + n[2], n[0] + n[1],
                precision(n), recall(n));
    }

    private static double precision(int[] n) {
        return n[0] + n[1] == 0 ? 1 : (double) n[0] / (n[0] + n[1]);
    }

    private static double recall(int[] n) {
        return n[0] + n[2] == 0 ? 1 : (double) n[0] / (n[0] + n[2]);
    }
}
