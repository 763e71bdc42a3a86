package org.xstudy.analysis.ordinal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Condition ids from a spec reach the generated R script as literals R reads back unchanged. */
class AnalysisScriptTest {

    @TempDir
    Path dir;

    @Test
    void conditionsWithQuotesBackslashesNewlinesAndAccentsStayInsideTheirStrings() throws Exception {
        List<String> conditions = List.of("control", "a\"); system(\"echo pwned", "back\\slash\nnew line", "café");
        String script = AnalysisScript.render("slug\"x", conditions);
        String line = script.lines().filter(l -> l.startsWith("conditions <- ")).findFirst().orElseThrow();
        assertTrue(script.startsWith("# Reproducible analysis of the xstudy study \"slug\\\"x\""), script);
        Path r = dir.resolve("conditions.R");
        Files.writeString(r, line + "\ncat(paste(sprintf('[%s]', conditions), collapse = '|'))\n");
        String out = RProcess.runFile(r, List.of(), 60);
        assertEquals("[control]|[a\"); system(\"echo pwned]|[back\\slash\nnew line]|[café]", out.strip());
    }
}
