package org.xstudy.represent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.TokenScore;

class LlmPromptTest {

    static final String TEXT = "a witty film with a good cast but a boring plot";
    static final List<TokenScore> SCORES = List.of(new TokenScore("witty", 2, 7, 0.41),
            new TokenScore("film", 8, 12, 0.05), new TokenScore("good", 20, 24, 0.82),
            new TokenScore("cast", 25, 29, 0.02), new TokenScore("boring", 36, 42, -0.33));
    static final List<TokenScore> TOP = LlmPrompt.of(TEXT, "positive", 0.87, SCORES, 3).topK();

    @Test
    void promptListsTheTopWordsByMagnitude() {
        assertEquals(List.of("good", "witty", "boring"), TOP.stream().map(TokenScore::token).toList());
        String user = LlmPrompt.of(TEXT, "positive", 0.87, SCORES, 3).messages().get(1).content();
        assertTrue(user.contains("1. good: +0.82\n2. witty: +0.41\n3. boring: -0.33"), user);
        assertTrue(user.contains("Prediction: positive (probability 0.87)"), user);
    }

    /** Issue 19, defect 3: the prompt for another class than the predicted one states the real prediction. */
    @Test
    void thePromptForAnotherClassStatesTheRealPrediction() {
        LlmPrompt other = LlmPrompt.of(TEXT, "positive", 0.29,
                new org.xstudy.represent.verbal.ModelPrediction("negative", 0.71), SCORES, 3);
        String user = other.messages().get(1).content();
        org.junit.jupiter.api.Assertions.assertTrue(user.contains("Prediction: negative (probability 0.71)")
                && user.contains("Explained class (not the prediction): positive (probability 0.29)"), user);
        org.junit.jupiter.api.Assertions.assertEquals(LlmPrompt.VERSION_OTHER_CLASS, other.version());
        org.junit.jupiter.api.Assertions.assertEquals(LlmPrompt.of(TEXT, "positive", 0.87, SCORES, 3).hash(),
                LlmPrompt.of(TEXT, "positive", 0.87, new org.xstudy.represent.verbal.ModelPrediction("positive", 0.87),
                        SCORES, 3).hash(), "the prompt for the predicted class is unchanged");
    }

    /** For magnitudes the prompt says the scores have no direction and asks for none; signed prompts are unchanged. */
    @Test
    void thePromptForMagnitudesAsksForNoDirection() {
        List<TokenScore> magnitudes = SCORES.stream()
                .map(s -> new TokenScore(s.token(), s.start(), s.end(), Math.abs(s.score()))).toList();
        LlmPrompt p = LlmPrompt.of(TEXT, "positive", 0.87, null, magnitudes, 3, false);
        String user = p.messages().get(1).content();
        assertEquals(LlmPrompt.VERSION_MAGNITUDE, p.version());
        assertTrue(user.contains("1. good: 0.82\n2. witty: 0.41\n3. boring: 0.33"), user);
        assertTrue(user.contains("do not tell whether a word speaks for or against") && user.contains(
                "which words the model was most sensitive to. Do not say that a word supports"), user);
        assertTrue(!user.contains("positive scores support"), user);
        assertEquals(LlmPrompt.of(TEXT, "positive", 0.87, SCORES, 3).hash(),
                LlmPrompt.of(TEXT, "positive", 0.87, null, SCORES, 3, true).hash(), "signed prompts are unchanged");
        String other = LlmPrompt.of(TEXT, "positive", 0.29, new org.xstudy.represent.verbal.ModelPrediction(
                "negative", 0.71), magnitudes, 3, false).messages().get(1).content();
        assertTrue(other.contains("Prediction: negative (probability 0.71)") && other.contains("not \"positive\""),
                other);
    }
}
