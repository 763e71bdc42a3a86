package org.xstudy.explain.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.GradientTimesInput;
import org.xstudy.explain.method.IntegratedGradients;
import org.xstudy.explain.method.Params;
import org.xstudy.explain.method.Saliency;
import org.xstudy.model.ToyData;
import org.xstudy.model.cnn.CnnClassifier;
import org.xstudy.model.cnn.CnnTrainer;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * The model-randomisation sanity check on a real PyTorch CNN (the demo architecture, two filter widths, trained
 * here on the toy sentences): gradient methods decorrelate as its layers are randomised from the output down.
 */
class ModelRandomisationTest {

    static CnnClassifier cnn;
    /** Training sentences: every word is in the tiny vocabulary (an unknown word scores 0 under any weights). */
    static final List<String> TEXTS = ToyData.sentences(40, 21).rows().stream().limit(5)
            .map(r -> r.text()).toList();
    static final String TEXT = TEXTS.get(0);

    @BeforeAll
    static void train() {
        CnnTrainer.Settings settings = new CnnTrainer.Settings(16, 8, new int[] {3}, 4, 8, 1e-2f, 0f, 1, 5L);
        cnn = CnnTrainer.train("sanity-cnn", ToyData.LABELS, PieceTokenizer.bge(), ToyData.sentences(40, 21).rows(),
                settings, epoch -> { });
    }

    @AfterAll
    static void close() {
        cnn.close();
    }

    @Test
    void cascadingRandomisationDecorrelatesGradientMethods() {
        assertEquals(List.of("output", "conv3", "embeddings"), cnn.layersTopDown());
        for (AttributionMethod m : List.of(new Saliency(), new GradientTimesInput(), new IntegratedGradients())) {
            Params params = m.resolve(Map.of());
            double score = 0;
            for (String text : TEXTS) {
                double[] original = m.attribute(cnn, text, 1, params).scores();
                ModelRandomisation r = ModelRandomisation.of(m, cnn, text, 1, params, original, 7L);
                System.out.println(m.id() + " " + text + " " + r);
                assertEquals(3, r.steps().size());
                score += r.score() / TEXTS.size();
            }
            System.out.println(m.id() + " mean score " + score);
            assertTrue(score > 0.5, m.id() + " stays correlated: " + score);
        }
    }

    /** The check can fail: a "randomised" model with no layer randomised gives the same scores (score 0). */
    @Test
    void anUnchangedModelFailsTheCheck() {
        AttributionMethod m = new GradientTimesInput();
        Params params = m.resolve(Map.of());
        double[] original = m.attribute(cnn, TEXT, 1, params).scores();
        try (CnnClassifier same = cnn.randomised(0, 7L)) {
            double rho = Agreement.of(original, m.attribute(same, TEXT, 1, params).scores()).spearman();
            assertEquals(1.0, rho, 1e-6);
        }
    }
}
