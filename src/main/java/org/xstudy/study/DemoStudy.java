package org.xstudy.study;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.xstudy.account.Bootstrap;
import org.xstudy.common.Actor;

/**
 * Loads the bundled demo study (a movie-review sentiment task) at start-up and opens it, so a new user reaches a
 * working study in one step. It is created once; an existing study with the same slug is left alone. It belongs to
 * the first admin (from {@code XSTUDY_ADMIN_EMAIL}), so whoever signs in first sees it, or else to the
 * configuration key's account.
 */
@ApplicationScoped
public class DemoStudy {

    public static final String RESOURCE = "/demo/movie-sentiment.json";
    public static final String SLUG = "demo-movie-sentiment";
    private static final Logger LOG = Logger.getLogger(DemoStudy.class);

    @Inject
    StudyService studies;

    @Inject
    Bootstrap accounts;

    @ConfigProperty(name = "xstudy.demo.load", defaultValue = "true")
    boolean load;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    void onStart(@Observes StartupEvent event) {
        if (load) {
            load();
        }
    }

    /**
     * Creates and opens the demo study unless a study has its slug. One that the configuration key's account owns
     * (as earlier versions made it) goes to the first admin, who can sign in and see it.
     */
    @Transactional
    public void load() {
        org.xstudy.common.StartupLock.take();
        Optional<Actor> owner = accounts.systemActor();
        Optional<Study> existing = Study.findBySlug(SLUG);
        if (existing.isPresent()) {
            Optional<String> keyAccount = accounts.keyActor().map(Actor::owner);
            if (owner.isPresent() && existing.get().owner.equals(keyAccount.orElse(null))) {
                existing.get().owner = owner.get().owner();
                LOG.infof("Demo study handed to %s, who can sign in and see it.", owner.get().email());
            }
            return;
        }
        if (owner.isEmpty()) {
            LOG.warn("Demo study not loaded: no admin account or configuration key exists to own it.");
            return;
        }
        Study study = studies.create(spec(), false, owner.get());
        studies.transition(study.id, owner.get(), "open");
        LOG.infof("Demo study loaded: http://localhost:%d/s/%s", port, SLUG);
    }

    /** The demo specification, as shipped. */
    public static String spec() {
        try (InputStream in = DemoStudy.class.getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
