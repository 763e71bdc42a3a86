package org.xstudy.analysis.ordinal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test R script from {@code src/test/resources/ordinal} with the real {@code Rscript}. */
final class RProcess {

    static final String INSTALL = "install the Debian packages r-base-core r-cran-lme4 r-cran-ordinal (.ci/run does)";

    private RProcess() {
    }

    /** Copies the resource script into dir and runs it with the arguments; its standard output. */
    static String run(Path dir, String script, List<String> args, int timeoutSeconds) throws Exception {
        Path file = dir.resolve(script);
        try (InputStream in = RProcess.class.getResourceAsStream("/ordinal/" + script)) {
            Files.copy(in, file);
        }
        return runFile(file, args, timeoutSeconds);
    }

    /** Runs an R script file with the arguments; its standard output (the test fails on a non-zero exit). */
    static String runFile(Path file, List<String> args, int timeoutSeconds) throws Exception {
        List<String> command = new ArrayList<>(List.of("Rscript", "--vanilla", file.toString()));
        command.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("Rscript is not installed: " + INSTALL + " (" + e.getMessage() + ")");
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Rscript did not finish in " + timeoutSeconds + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "Rscript failed:\n" + text);
        return text;
    }
}
