package org.xstudy.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xstudy.explain.method.Attribution;
import org.xstudy.model.DifferentiableClassifier.Encoding;

/**
 * The adaptive Integrated Gradients rule on a ReLU network whose path integral is known exactly ({@link ReluModel}):
 * the completeness gap it reports is the true one and within the requested tolerance, and the word scores agree
 * with the exact integral.
 */
class AdaptiveIntegratedGradientsTest {

    static final ReluModel RELU = new ReluModel();
    static final String TEXT = "the wonderful acting saves a dull plot , but the ending is flat and far too long";

    @ParameterizedTest
    @ValueSource(doubles = {1e-2, 2e-3, 1e-4})
    void meetsTheToleranceAndTheExactIntegral(double tolerance) {
        Encoding enc = RELU.encode(TEXT);
        for (int target = 0; target < 2; target++) {
            Attribution a = AttributionMethodsTest.run("integrated_gradients", RELU, TEXT, target,
                    Map.of("rule", "adaptive", "steps", 16, "tolerance", tolerance));
            assertEquals("adaptive", a.params().asMap().get("rule"));
            double fx = RELU.logit(RELU.embeddings(enc), target);
            double fb = RELU.logit(RELU.baseline(enc), target);
            double gap = Math.abs(a.total() - (fx - fb));
            assertEquals(gap, a.diagnostics().get("convergenceDelta"), 1e-9, "the reported gap is the true one");
            assertTrue(gap <= tolerance, "gap " + gap + " > tolerance " + tolerance);
            double[] exact = RELU.exactWordScores(enc, target);
            double[] scores = a.scores();
            for (int w = 0; w < exact.length; w++) {
                assertEquals(exact[w], scores[w], tolerance, "word " + w + " at tolerance " + tolerance);
            }
        }
    }
}
