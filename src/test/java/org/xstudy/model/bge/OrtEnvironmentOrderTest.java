package org.xstudy.model.bge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime keeps one environment per process, and DJL's OnnxRuntime engine asks for it with threading options,
 * which ONNX Runtime refuses once an environment exists. When the bge encoder made the environment first, every ONNX
 * model imported later in that process failed to load ("Tried to specify the thread pool when creating an
 * OrtEnvironment, but one already exists"), depending on which loaded first. Run in a fresh JVM, as a server starts.
 */
class OrtEnvironmentOrderTest {

    /** In a fresh JVM: the encoder's environment first, then DJL's engine, as a server that embeds text first does. */
    public static void main(String[] args) {
        BgeEncoder.environment();
        Engine engine = Engine.getEngine("OnnxRuntime");
        System.out.println("engine " + engine.getEngineName());
    }

    @Test
    void djlsOnnxEngineStartsAfterTheEncodersEnvironment() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), OrtEnvironmentOrderTest.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
    }
}
