package org.xstudy.model;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * DJL runs offline: every engine's native library ships in the application (PyTorch's CPU jar, ONNX Runtime, the
 * tokenizers), so DJL must never try to download one. Set before anything touches DJL, so that the start command
 * is the plain {@code java -jar target/quarkus-app/quarkus-run.jar}; {@code -Dai.djl.offline=false} still wins.
 */
@ApplicationScoped
public class DjlOffline {

    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
