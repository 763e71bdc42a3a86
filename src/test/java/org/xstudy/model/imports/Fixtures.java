package org.xstudy.model.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xstudy.model.tokens.PieceTokenizer;

/** Test access to the hand-written ONNX and TorchScript model files. */
public final class Fixtures {

    /** The import directory of the tests ({@code %test.xstudy.models.import-dir}). */
    public static final Path IMPORT_DIR = Path.of("target/xstudy-test-home/imports").toAbsolutePath();

    private Fixtures() {
    }

    /** A new folder inside the tests' import directory, where imported files must be. */
    public static Path importFolder(String prefix) throws IOException {
        Files.createDirectories(IMPORT_DIR);
        return Files.createTempDirectory(IMPORT_DIR, prefix + "-");
    }

    /** The ONNX bag-of-token-scores model with seeded scores. */
    public static OnnxFixture onnx(long seed) {
        return new OnnxFixture(seed);
    }

    /** Writes the ONNX model with {@code seed} as {@code bag.onnx} and the bge {@code tokenizer.json} into {@code dir}. */
    public static Path onnxWithTokenizer(Path dir, long seed) throws IOException {
        Path model = dir.resolve("bag.onnx");
        Files.write(model, onnx(seed).model());
        try (InputStream in = PieceTokenizer.class.getClassLoader()
                .getResourceAsStream(PieceTokenizer.BGE_TOKENIZER_RESOURCE)) {
            Files.copy(in, dir.resolve("tokenizer.json"));
        }
        return model;
    }

    /** The TorchScript bag-of-features model, with or without the gradient convention. */
    public static void torchscript(Path file, boolean convention) throws IOException {
        TorchScriptFixture.write(file, convention);
    }
}
