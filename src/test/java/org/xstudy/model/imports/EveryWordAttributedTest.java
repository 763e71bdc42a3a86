package org.xstudy.model.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xstudy.explain.TokenScore;
import org.xstudy.explain.method.GradientMethod;
import org.xstudy.explain.method.GradientTimesInput;
import org.xstudy.explain.method.IntegratedGradients;
import org.xstudy.explain.method.Saliency;
import org.xstudy.explain.method.SmoothGrad;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Piece;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * Every word gets a gradient attribution whatever the tokenizer: a BERT WordPiece, a word-level and a byte-level
 * BPE {@code tokenizer.json} on 200 held-out Pang & Lee sentences, with a bag-of-embeddings model exported by
 * PyTorch (its gradient reaches every position, so every word's true attribution is non-zero).
 */
class EveryWordAttributedTest {

    private static final List<String> LABELS = List.of("negative", "positive");

    /** Sentences with a piece that spans several words: none for WordPiece, many for the other two. */
    @ParameterizedTest
    @CsvSource({"wordpiece, 0, 0", "word-level, 40, 120", "bpe, 5, 120"})
    void everyWordIsCoveredByAPieceAndPiecesSpanningWordsAreCounted(String name, int least, int most)
            throws Exception {
        try (PieceTokenizer tokenizer = tokenizer(name)) {
            int spanning = 0;
            for (String text : ExportedModels.heldOut()) {
                Encoding e = tokenizer.tokenize(text).encoding();
                boolean[] covered = new boolean[e.words().size()];
                boolean multi = false;
                for (Piece p : e.pieces()) {
                    for (int w = p.word(); w <= p.lastWord(); w++) {
                        covered[w] = true;
                        var word = e.words().get(w);
                        assertTrue(p.text().isBlank() ? word.start() >= p.end()
                                : word.start() < p.end() && p.start() < word.end(), p + " goes to " + word);
                    }
                    multi |= p.wordCount() > 1;
                }
                for (int w = 0; w < covered.length; w++) {
                    assertTrue(covered[w], name + ": no piece covers " + e.words().get(w) + " in \"" + text + "\"");
                }
                spanning += multi ? 1 : 0;
            }
            System.out.printf("%s: %d of 200 held-out sentences have a piece spanning several words%n", name,
                    spanning);
            assertTrue(spanning >= least && spanning <= most, name + ": " + spanning);
        }
    }

    @ParameterizedTest
    @CsvSource({"wordpiece", "word-level", "bpe"})
    void everyGradientMethodScoresEveryWordAndKeepsThePieceTotal(String name) throws Exception {
        Path dir = ExportedModels.folder(name);
        TorchScriptClassifier.Loaded loaded = TorchScriptClassifier.load("bag-" + name, dir.resolve("bag.pt"),
                tokenizer(name), LABELS, 8);
        assertNull(loaded.gradientProblem());
        List<GradientMethod> gradients = List.of(new Saliency(), new GradientTimesInput(), new IntegratedGradients());
        List<GradientMethod> methods = new java.util.ArrayList<>(gradients);
        methods.add(new SmoothGrad(gradients));
        try (TorchScriptClassifier model = loaded.classifier()) {
            DifferentiableClassifier d = (DifferentiableClassifier) model;
            for (String text : ExportedModels.heldOut().subList(0, 60)) {
                Encoding encoding = d.encode(text);
                for (GradientMethod method : methods) {
                    var params = method.resolve(Map.of());
                    List<TokenScore> words = method.attribute(model, text, 1, params).words();
                    assertEquals(encoding.words().size(), words.size());
                    for (TokenScore w : words) {
                        assertTrue(Double.isFinite(w.score()) && w.score() != 0,
                                name + " " + method.id() + ": " + w + " in \"" + text + "\"");
                    }
                    double pieceTotal = 0;
                    for (double s : method.attributePieces(d, encoding, d.embeddings(encoding), 1, params)
                            .pieceScores()) {
                        pieceTotal += s;
                    }
                    if (!method.sampled()) {
                        assertEquals(pieceTotal, words.stream().mapToDouble(TokenScore::score).sum(),
                                1e-9 * Math.max(1, Math.abs(pieceTotal)), method.id() + " keeps the total");
                    }
                }
            }
        }
    }

    private static PieceTokenizer tokenizer(String name) throws Exception {
        return PieceTokenizer.fromFile(ExportedModels.folder(name).resolve("tokenizer.json"), 512);
    }
}
