package org.xstudy.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xstudy.analysis.AnalysisResult.AccuracyCell;
import org.xstudy.analysis.AnalysisResult.RatingSummary;
import org.xstudy.analysis.Answer.Kind;
import org.xstudy.common.Problem.FieldError;
import org.xstudy.common.ProblemException;

/** Requested subsets: parsing against item covariates and accuracy and ratings on them, by hand. */
class SubsetAnalysisTest {

    private static final AnalysisParams PARAMS = AnalysisParams.defaults().withResamples(200);

    /** coverage 0.1, 0.2, 0.3, 1.0 and none: mean 0.4, median 0.25. */
    static Map<String, Map<String, Object>> covariates() {
        Map<String, Map<String, Object>> c = new LinkedHashMap<>();
        c.put("i1", Map.of("coverage", 0.1, "genre", "drama", "sarcastic", true));
        c.put("i2", Map.of("coverage", 0.2, "genre", "comedy", "sarcastic", false));
        c.put("i3", Map.of("coverage", 0.3, "genre", "drama"));
        c.put("i4", Map.of("coverage", 1));
        c.put("i5", Map.of());
        return c;
    }

    static Set<String> items(String subset) {
        return SubsetParser.parse(subset, covariates()).items();
    }

    @Test
    void covariateSubsetsSelectItems() {
        assertEquals(Set.of("i4"), items("cov:coverage>mean"), "mean over items = 1.6 / 4 = 0.4");
        assertEquals(Set.of("i3", "i4"), items("cov:coverage>median"), "median = (0.2 + 0.3) / 2 = 0.25");
        assertEquals(Set.of("i1", "i2"), items("cov:coverage<=median"));
        assertEquals(Set.of("i1", "i2"), items("cov:coverage<=0.2"));
        assertEquals(Set.of("i4"), items("cov:coverage=1"));
        assertEquals(Set.of("i1", "i3"), items("cov:genre=drama"));
        assertEquals(Set.of("i2"), items("cov:genre!=drama"), "items without the covariate are in no subset");
        assertEquals(Set.of("i1"), items("cov:sarcastic=true"));
        assertEquals(Set.of("i2"), items("cov:sarcastic=false"));
    }

    @Test
    void badSubsetsAreA400NamingSubsetAndTheValue() {
        for (String bad : List.of("cov:nope>1", "coverage>1", "cov:coverage>>1", "cov:genre>drama", "model:maybe",
                "", "cov:coverage<NaN")) {
            ProblemException e = assertThrows(ProblemException.class, () -> SubsetParser.parse(bad, covariates()),
                    bad);
            assertEquals(400, e.problem().status());
            FieldError error = e.problem().errors().get(0);
            assertEquals("/subset", error.pointer());
            assertTrue(error.message().startsWith("'" + bad + "'"), error.message());
        }
    }

    private static Answer trial(String p, String item, boolean correct) {
        String gold = item.equals("i2") ? "neg" : "pos";
        return Answer.simulation(p, "heatmap", "main", item, Kind.FORWARD, correct ? "pos" : "neg", "pos", gold,
                2000);
    }

    private static AnalysisResult analyse(String... subsets) {
        List<Answer> answers = new ArrayList<>();
        boolean[] a = {true, false, true, true, false};
        boolean[] b = {false, false, false, true, true};
        for (int i = 0; i < 5; i++) {
            answers.add(trial("A", "i" + (i + 1), a[i]));
            answers.add(trial("B", "i" + (i + 1), b[i]));
        }
        answers.add(Answer.rating("A", "heatmap", "i1", "trust", 5));
        answers.add(Answer.rating("B", "heatmap", "i1", "trust", 2));
        answers.add(Answer.rating("B", "heatmap", "i4", "trust", 4));
        List<ItemSubset> parsed = java.util.Arrays.stream(subsets).map(s -> SubsetParser.parse(s, covariates()))
                .toList();
        return StudyAnalyzer.analyze(answers, List.of(), PARAMS, null, parsed);
    }

    private static AccuracyCell cell(AnalysisResult r, String subset) {
        return SimulationAccuracyTest.cell(r, "forward", "heatmap", "main", subset);
    }

    private static RatingSummary rating(AnalysisResult r, String subset) {
        return r.ratings().stream().filter(s -> s.subset().equals(subset)).findFirst().orElseThrow();
    }

    @Test
    void accuracyOnSubsetsEqualsTheHandComputedValues() {
        AnalysisResult r = analyse("cov:coverage>mean", "cov:coverage>median", "cov:coverage<=0.2", "model:wrong",
                "answer:disagrees", "answer:agrees");
        // i4 only: A right, B right
        assertEquals(2, cell(r, "cov:coverage>mean").answers());
        assertEquals(1.0, cell(r, "cov:coverage>mean").pooled(), 1e-12);
        // i3, i4: A 2/2, B 1/2
        assertEquals(0.75, cell(r, "cov:coverage>median").pooled(), 1e-12);
        assertEquals((1 + 0.5) / 2, cell(r, "cov:coverage>median").macro(), 1e-12);
        // i1, i2: A 1/2, B 0/2
        assertEquals(0.25, cell(r, "cov:coverage<=0.2").pooled(), 1e-12);
        assertEquals((0.5 + 0) / 2, cell(r, "cov:coverage<=0.2").macro(), 1e-12);
        // the model is wrong on i2 only; both guessed wrong there
        assertEquals(2, cell(r, "model:wrong").answers());
        assertEquals(0.0, cell(r, "model:wrong").pooled(), 1e-12);
        // answers that disagree with the model: A on i2, i5; B on i1, i2, i3
        assertEquals(5, cell(r, "answer:disagrees").answers());
        assertEquals(0, cell(r, "answer:disagrees").correct());
        assertEquals(5, cell(r, "answer:agrees").correct());
        assertEquals(10, cell(r, "all").answers(), "the whole study is still reported");
    }

    @Test
    void ratingsOnSubsetsFollowTheirItemOrTheirTrial() {
        AnalysisResult r = analyse("cov:coverage<=0.2", "answer:agrees", "cov:coverage>mean");
        // i1 ratings 5 (A) and 2 (B)
        assertEquals(2, rating(r, "cov:coverage<=0.2").n());
        assertEquals(3.5, rating(r, "cov:coverage<=0.2").mean(), 1e-12);
        // A's trial on i1 agreed (rating 5), B's on i4 agreed (rating 4), B's on i1 did not
        assertEquals(2, rating(r, "answer:agrees").n());
        assertEquals(4.5, rating(r, "answer:agrees").mean(), 1e-12);
        assertEquals(4.0, rating(r, "cov:coverage>mean").mean(), 1e-12);
    }
}
