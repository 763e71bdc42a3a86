package org.xstudy.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.method.AttributionMethod;
import org.xstudy.explain.method.MethodCatalog;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Gradient;
import org.xstudy.model.ToyData;
import org.xstudy.model.cnn.CnnClassifier;
import org.xstudy.model.cnn.CnnTrainer;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Why xstudy offers saliency only as a magnitude (docs/methods.md): on a real PyTorch CNN of the demo architecture
 * (trained here on the toy sentences, whose label is carried by one cue word), the sign of the gradient summed over
 * embedding dimensions, Σ_d ∂F/∂e_d, is right about the cue word's class no more often than chance, while gradient
 * × input gets it right: the derivative along the all-ones direction of the embedding space says nothing about the
 * word itself. The share of sentences whose words all get one sign is printed for docs/methods.md.
 */
class SignedGradientSumTest {

    static CnnClassifier cnn;

    @BeforeAll
    static void train() {
        CnnTrainer.Settings settings = new CnnTrainer.Settings(32, 16, new int[] {3, 5}, 6, 8, 1e-2f, 0f, 1, 5L);
        cnn = CnnTrainer.train("signed-sum-cnn", ToyData.LABELS, PieceTokenizer.bge(),
                ToyData.sentences(80, 21).rows(), settings, epoch -> { });
    }

    @AfterAll
    static void close() {
        cnn.close();
    }

    /** Per word: Σ over its pieces and dimensions of ∂F/∂e (the refused signed saliency). */
    static double[] signedSum(String text, int target) {
        Encoding enc = cnn.encode(text);
        Gradient g = cnn.gradients(enc, List.<double[][]>of(cnn.embeddings(enc)), target).get(0);
        double[] out = new double[enc.words().size()];
        for (int p = 0; p < enc.pieces().size(); p++) {
            for (double v : g.grad()[p]) {
                out[enc.pieces().get(p).word()] += v;
            }
        }
        return out;
    }

    static boolean oneSign(double[] scores) {
        boolean pos = false;
        boolean neg = false;
        for (double s : scores) {
            pos |= s > 1e-12;
            neg |= s < -1e-12;
        }
        return !(pos && neg);
    }

    @Test
    void theSignedSumsSignDoesNotTellTheCueWordsDirectionAndGradientTimesInputDoes() {
        AttributionMethod gxi = new MethodCatalog().find("gradient_x_input").orElseThrow();
        List<String> texts = ToyData.sentences(40, 99).rows().stream().map(r -> r.text()).toList();
        List<Integer> labels = ToyData.sentences(40, 99).rows().stream().map(r -> r.label()).toList();
        int sumOneSign = 0;
        int gxiOneSign = 0;
        int sumCueRight = 0;
        int gxiCueRight = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            int cue = java.util.Arrays.asList(text.split(" ")).indexOf("was") + 1;
            double want = labels.get(i) == 1 ? 1 : -1;
            sumCueRight += Math.signum(signedSum(text, 1)[cue]) == want ? 1 : 0;
            gxiCueRight += Math.signum(gxi.attribute(cnn, text, 1, gxi.resolve(Map.of())).scores()[cue]) == want ? 1 : 0;
            for (int target = 0; target < 2; target++) {
                sumOneSign += oneSign(signedSum(text, target)) ? 1 : 0;
                gxiOneSign += oneSign(gxi.attribute(cnn, text, target, gxi.resolve(Map.of())).scores()) ? 1 : 0;
            }
        }
        System.out.printf("one sign: signed sum %d/%d, gradient x input %d/%d; cue word's sign right for "
                + "\"positive\": signed sum %d/%d, gradient x input %d/%d%n", sumOneSign, 2 * texts.size(), gxiOneSign,
                2 * texts.size(), sumCueRight, texts.size(), gxiCueRight, texts.size());
        assertTrue(gxiCueRight >= 0.9 * texts.size(), "gradient x input gives the cue word its class's sign");
        assertTrue(sumCueRight <= 0.75 * texts.size(), "the signed sum's sign is near chance: " + sumCueRight);
    }
}
