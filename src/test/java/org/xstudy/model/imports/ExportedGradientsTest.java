package org.xstudy.model.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xstudy.model.DifferentiableClassifier;
import org.xstudy.model.PathGradientsCheck;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Gradient;
import org.xstudy.model.tokens.PieceTokenizer;

/** TorchScript models exported by PyTorch itself load with gradients and run backward. */
class ExportedGradientsTest {

    @org.junit.jupiter.api.Test
    void aModelWhoseBackwardPassFailsIsRefusedAtImport() throws Exception {
        Path dir = ExportedModels.folder("wordpiece");
        ImportException e = org.junit.jupiter.api.Assertions.assertThrows(ImportException.class,
                () -> TorchScriptClassifier.load("m", dir.resolve("no-grad-bag.pt"),
                        PieceTokenizer.fromFile(dir.resolve("tokenizer.json"), 512), List.of("negative", "positive"),
                        8));
        assertEquals("/modelPath", e.pointer());
        assertTrue(e.getMessage().contains("backward pass"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"wordpiece, kim-cnn.pt", "wordpiece, transformer.pt", "wordpiece, bag.pt", "word-level, kim-cnn.pt",
            "bpe, kim-cnn.pt"})
    void exportedModelsRunBackward(String tokenizer, String file) throws Exception {
        Path dir = ExportedModels.folder(tokenizer);
        TorchScriptClassifier.Loaded loaded = TorchScriptClassifier.load("m", dir.resolve(file),
                PieceTokenizer.fromFile(dir.resolve("tokenizer.json"), 512), List.of("negative", "positive"), 8);
        assertNull(loaded.gradientProblem());
        try (TorchScriptClassifier model = loaded.classifier()) {
            DifferentiableClassifier d = (DifferentiableClassifier) model;
            Encoding e = d.encode("a gorgeously elaborate continuation , but too-tepid .");
            List<Gradient> g = d.gradients(e, List.of(d.embeddings(e), d.baseline(e)), 1);
            assertEquals(2, g.size());
            assertTrue(Double.isFinite(g.get(0).output()));
            PathGradientsCheck.assertMatchesPointByPoint(d, "a gorgeously elaborate continuation , but too-tepid .", 1);
            PathGradientsCheck.assertMatchesPointByPoint(d, "dull .", 0);
        }
    }
}
