package org.xstudy.model.demo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.xstudy.common.Actor;
import org.xstudy.common.AuditEvent;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.model.ModelHome;
import org.xstudy.model.ModelRegistry;

/**
 * Demo-model preparation, at start-up or from the console: one run at a time on a background thread, fetching the
 * demo data into the cache when it is missing (a data file already in {@code <cache>/data/} is used as it is),
 * training both demo models, and registering them. The state, the last progress lines and, when a run fails, its
 * cause are kept for the console and {@code GET /api/models/demo-training}: whatever goes wrong (an error of the
 * class path included), a run ends as {@code failed}, never stays {@code running}.
 */
@ApplicationScoped
public class DemoTraining {

    private static final Logger LOG = Logger.getLogger(DemoTraining.class);
    private static final int LOG_LINES = 30;

    /** idle before the first run; running; done or failed after it. */
    public enum State { idle, running, done, failed }

    /** What the console shows: the state, the latest progress lines (oldest first) and when it ran. */
    public record Status(State state, List<String> log, OffsetDateTime startedAt, OffsetDateTime finishedAt,
            String error) {}

    private final ModelRegistry registry;
    private final ModelHome home;
    private final Event<AuditEvent> audit;
    private final int bgeBatchSize;
    private final Deque<String> lines = new ArrayDeque<>();
    private State state = State.idle;
    private OffsetDateTime startedAt;
    private OffsetDateTime finishedAt;
    private String error;

    public DemoTraining(ModelRegistry registry, ModelHome home, Event<AuditEvent> audit,
            @ConfigProperty(name = "xstudy.models.bge-batch-size") int bgeBatchSize) {
        this.registry = registry;
        this.home = home;
        this.audit = audit;
        this.bgeBatchSize = bgeBatchSize;
    }

    public synchronized Status status() {
        return new Status(state, List.copyOf(lines), startedAt, finishedAt, error);
    }

    /** Starts a run in the background; refused to viewers, and while a run is going on. */
    public synchronized Status start(Actor who) {
        if (who.readOnly()) {
            throw new ProblemException(Problem.of(403, "Forbidden", "A viewer account cannot train models."));
        }
        if (state == State.running) {
            throw ProblemException.conflict("The demo models are being trained already.");
        }
        QuarkusTransaction.requiringNew().run(() -> audit.fire(new AuditEvent(who, "models.train-demo", null, null)));
        return launch(true);
    }

    /**
     * At start-up: loads the demo models from the cache, or, when it is empty and {@code train} is on, trains them
     * first. Does nothing when the cache is empty and {@code train} is off.
     */
    public synchronized void boot(boolean train) {
        boolean cached;
        try {
            cached = DemoModels.cached(home);
        } catch (java.io.IOException e) {
            cached = false;
        }
        if (!cached && !train) {
            LOG.infof("no demo models in %s and auto-training is off (xstudy.demo-models.auto-train)", home.root());
            return;
        }
        launch(!cached);
    }

    private Status launch(boolean train) {
        state = State.running;
        lines.clear();
        startedAt = OffsetDateTime.now();
        finishedAt = null;
        error = null;
        Thread worker = new Thread(() -> run(train), "demo-models");
        worker.setDaemon(true);
        worker.setPriority(Thread.MIN_PRIORITY);
        worker.start();
        return status();
    }

    private void run(boolean train) {
        State end = State.failed;
        String problem = null;
        try {
            Optional<Path> data = train ? DemoData.ensure(home, this::log) : Optional.empty();
            if (train && data.isEmpty()) {
                problem = "The demo data cannot be obtained on this machine (apt-get download python3-pattern failed).";
            } else {
                if (train) {
                    log("training the demo models into " + home.root() + " (a few minutes)");
                    DemoModels.train(home, data.get(), this::log);
                }
                for (DemoModels.Loaded loaded : DemoModels.load(home, bgeBatchSize)) {
                    registry.register(loaded.model(), loaded.info());
                    log("registered " + loaded.info().id() + " (held-out accuracy "
                            + DemoModels.percent(loaded.info().accuracy()) + ")");
                }
                end = State.done;
            }
        } catch (Throwable e) {
            // Errors too (a missing class, a native library that does not load): the run must end, with its cause
            LOG.error("demo models could not be prepared", e);
            problem = "Failed: " + cause(e) + ". The server log has the details.";
        }
        synchronized (this) {
            state = end;
            error = problem;
            finishedAt = OffsetDateTime.now();
        }
    }

    /** The innermost cause of a failure, as its class and message. */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private synchronized void log(String line) {
        LOG.info(line);
        if (lines.size() == LOG_LINES) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }
}
