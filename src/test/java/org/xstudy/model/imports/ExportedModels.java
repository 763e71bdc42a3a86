package org.xstudy.model.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xstudy.model.ModelHome;
import org.xstudy.model.demo.DemoData;
import org.xstudy.model.tokens.PieceTokenizer;

/**
 * The models and tokenizers exported by PyTorch itself ({@code src/test/python/export_models.py}, run with
 * {@code /usr/bin/python3} and Debian's {@code python3-torch}), made once and cached under
 * {@code target/exported-models/} while the script is unchanged. The script trains on the Pang & Lee sentences,
 * fetched as the demo does ({@link DemoData}) into {@code target/exported-models/home/data/}, apart from the test
 * server's cache, which other tests fill with a tiny stand-in.
 */
public final class ExportedModels {

    public static final Path SCRIPT = Path.of("src/test/python/export_models.py");
    public static final Path DIR = Path.of("target/exported-models").toAbsolutePath();
    private static final Path STAMP = DIR.resolve("script.sha256");

    private ExportedModels() {
    }

    /** The folder of one tokenizer's exports ({@code wordpiece}, {@code word-level}, {@code bpe}). */
    public static synchronized Path folder(String tokenizer) {
        ensure();
        return DIR.resolve(tokenizer);
    }

    /** The 200 held-out sentences of the script's split. */
    public static List<String> heldOut() {
        ensure();
        try {
            return Files.readAllLines(DIR.resolve("heldout.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void ensure() {
        try {
            String hash = ModelHome.sha256(SCRIPT);
            if (Files.isRegularFile(STAMP) && Files.readString(STAMP).equals(hash)) {
                return;
            }
            Files.createDirectories(DIR);
            Path data = DemoData.ensure(new ModelHome(DIR.resolve("home")), System.out::println)
                    .orElseThrow(() -> new IllegalStateException(
                            "the Pang & Lee data (Debian package python3-pattern) cannot be fetched"));
            Path bge = DIR.resolve("bge-tokenizer.json");
            try (InputStream in = PieceTokenizer.class.getClassLoader()
                    .getResourceAsStream(PieceTokenizer.BGE_TOKENIZER_RESOURCE)) {
                Files.copy(in, bge, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), DIR.toString(), data.toString(),
                    bge.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("export_models.py failed (needs /usr/bin/python3 with Debian's "
                        + "python3-torch):\n" + output);
            }
            System.out.print(output);
            Files.writeString(STAMP, hash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
