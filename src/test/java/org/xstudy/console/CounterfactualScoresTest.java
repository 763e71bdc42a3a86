package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xstudy.represent.counterfactual.Counterfactual;

/** The explanation browser shows a frozen counterfactual's margin and meaning score next to its edit. */
class CounterfactualScoresTest {

    @Test
    void marginAndMeaningFromTheProvenanceAreListed() {
        Counterfactual cf = new Counterfactual("a bad film", List.of(), 1, "positive", "negative", 0.9, 0.2, -0.7,
                0.6, 0.8765, true);
        List<ExplanationBrowser.Score> scores = ExplanationBrowser.faithfulness(cf.provenance(0.2), p -> Map.of());
        assertEquals(List.of(new ExplanationBrowser.Score("counterfactual margin (flipped class − runner-up)", "0.600"),
                new ExplanationBrowser.Score("meaning preserved (bge cosine)", "0.877")), scores);
    }
}
