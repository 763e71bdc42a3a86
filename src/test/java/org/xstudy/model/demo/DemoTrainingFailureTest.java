package org.xstudy.model.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xstudy.model.ModelHome;
import org.xstudy.model.ModelRegistry;

/**
 * Issue 13: demo-model preparation that fails ends as {@code failed} with its cause, for the console and
 * {@code GET /api/models/demo-training}; it never stays {@code running}, whatever the failure (errors included).
 */
class DemoTrainingFailureTest {

    @Test
    void aRunThatCannotWriteItsCacheEndsFailedWithTheCause(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("home-is-a-file"), "x");
        DemoTraining training = new DemoTraining(new ModelRegistry(), new ModelHome(notADirectory), null, 32);
        training.boot(true);
        DemoTraining.Status status = training.status();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (status.state() == DemoTraining.State.running && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = training.status();
        }
        assertEquals(DemoTraining.State.failed, status.state(), status.toString());
        assertNotNull(status.finishedAt());
        assertTrue(status.error() != null && !status.error().isBlank(), "the cause is given: " + status);
    }

    @Test
    void theCauseIsTheInnermostFailureEvenAnError() {
        Throwable e = new IllegalStateException("wrapper",
                new NoClassDefFoundError("org/slf4j/LoggerFactory"));
        assertEquals("NoClassDefFoundError: org/slf4j/LoggerFactory", DemoTraining.cause(e));
    }
}
