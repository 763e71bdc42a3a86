package org.xstudy.model.demo;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.xstudy.model.ModelHome;
import org.xstudy.model.ModelRegistry;

/**
 * Registers the demo models at start-up, in a background thread so that start-up never waits: loads them from
 * the cache, or, when the cache is empty and {@code xstudy.demo-models.auto-train} is on, fetches the data and
 * trains them first with progress in the log.
 */
@ApplicationScoped
public class DemoModelsStartup {

    private static final Logger LOG = Logger.getLogger(DemoModelsStartup.class);

    private final ModelRegistry registry;
    private final ModelHome home;
    private final boolean load;
    private final boolean autoTrain;
    private final int bgeBatchSize;

    public DemoModelsStartup(ModelRegistry registry, ModelHome home,
            @ConfigProperty(name = "xstudy.demo-models.load", defaultValue = "true") boolean load,
            @ConfigProperty(name = "xstudy.demo-models.auto-train", defaultValue = "true") boolean autoTrain,
            @ConfigProperty(name = "xstudy.models.bge-batch-size") int bgeBatchSize) {
        this.registry = registry;
        this.home = home;
        this.load = load;
        this.autoTrain = autoTrain;
        this.bgeBatchSize = bgeBatchSize;
    }

    void onStart(@Observes StartupEvent event) {
        if (!load) {
            return;
        }
        Thread worker = new Thread(this::prepare, "demo-models");
        worker.setDaemon(true);
        worker.setPriority(Thread.MIN_PRIORITY);
        worker.start();
    }

    private void prepare() {
        try {
            if (!DemoModels.cached(home)) {
                if (!autoTrain) {
                    LOG.infof("no demo models in %s and auto-training is off (xstudy.demo-models.auto-train)",
                            home.root());
                    return;
                }
                Optional<java.nio.file.Path> data = DemoData.ensure(home, LOG::info);
                if (data.isEmpty()) {
                    LOG.warn("demo models not trained: the demo data is not obtainable on this machine");
                    return;
                }
                LOG.infof("training the demo models into %s (a few minutes)", home.root());
                DemoModels.train(home, data.get(), LOG::info);
            }
            for (DemoModels.Loaded loaded : DemoModels.load(home, bgeBatchSize)) {
                registry.register(loaded.model(), loaded.info());
                LOG.infof("registered demo model %s (held-out accuracy %s)", loaded.info().id(),
                        DemoModels.percent(loaded.info().accuracy()));
            }
        } catch (Exception e) {
            LOG.error("demo models could not be prepared", e);
        }
    }
}
