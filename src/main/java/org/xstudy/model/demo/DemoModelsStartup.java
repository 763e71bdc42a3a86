package org.xstudy.model.demo;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Registers the demo models at start-up, in the background so that start-up never waits ({@link DemoTraining#boot}):
 * loads them from the cache, or, when the cache is empty and {@code xstudy.demo-models.auto-train} is on, fetches
 * the data and trains them first, with progress in the log, the console and {@code GET /api/models/demo-training}.
 */
@ApplicationScoped
public class DemoModelsStartup {

    private final DemoTraining training;
    private final boolean load;
    private final boolean autoTrain;

    public DemoModelsStartup(DemoTraining training,
            @ConfigProperty(name = "xstudy.demo-models.load", defaultValue = "true") boolean load,
            @ConfigProperty(name = "xstudy.demo-models.auto-train", defaultValue = "true") boolean autoTrain) {
        this.training = training;
        this.load = load;
        this.autoTrain = autoTrain;
    }

    void onStart(@Observes StartupEvent event) {
        if (load) {
            training.boot(autoTrain);
        }
    }
}
