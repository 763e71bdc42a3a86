package org.xstudy.account;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.xstudy.common.Actor;

/**
 * Start-up accounts: the first admin from {@code XSTUDY_ADMIN_EMAIL} / {@code XSTUDY_ADMIN_PASSWORD} when no
 * admin exists yet, and the account that the configuration key ({@code XSTUDY_API_KEY}) acts as, if a key is set.
 */
@ApplicationScoped
public class Bootstrap {

    /** The e-mail of the account behind the configuration key; it has no password and cannot log in. */
    public static final String KEY_ACCOUNT = "api-key@xstudy.local";
    static final String DEV_KEY = "dev-researcher-key";
    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    @ConfigProperty(name = "xstudy.admin.email")
    Optional<String> adminEmail;

    @ConfigProperty(name = "xstudy.admin.password")
    Optional<String> adminPassword;

    @ConfigProperty(name = "xstudy.api-key")
    Optional<String> apiKey;

    @Inject
    Accounts accounts;

    private volatile Actor keyActor;

    @Transactional
    void onStart(@Observes @Priority(10) StartupEvent event) {
        org.xstudy.common.StartupLock.take();
        if (adminEmail.isPresent() && adminPassword.isPresent()
                && User.count("role = ?1", Actor.ADMIN) == 0) {
            try {
                // checked before anything is written: a refusal inside the transaction would roll back all of it
                Passwords.check("/password", adminPassword.get(), adminEmail.get());
                User admin = accounts.create(adminEmail.get(), "Administrator", Actor.ADMIN, adminPassword.get(), null);
                LOG.infof("Created the first admin account %s", admin.email);
            } catch (org.xstudy.common.ProblemException refused) {
                // a weak XSTUDY_ADMIN_PASSWORD must not stop the server: say why and what to do
                LOG.errorf("The first admin account was not created: %s %s Set another XSTUDY_ADMIN_PASSWORD and "
                        + "restart.", refused.problem().detail(), refused.problem().errors().stream()
                        .map(org.xstudy.common.Problem.FieldError::message).toList());
            }
        } else if (User.count("role = ?1", Actor.ADMIN) == 0) {
            LOG.warn("No admin account exists: set XSTUDY_ADMIN_EMAIL and XSTUDY_ADMIN_PASSWORD and restart.");
        }
        Optional<String> key = configuredKey();
        if (key.isPresent()) {
            User u = User.byEmail(KEY_ACCOUNT).orElseGet(() -> {
                User n = new User();
                n.email = KEY_ACCOUNT;
                n.name = "Configuration key";
                n.role = Actor.RESEARCHER;
                n.createdAt = OffsetDateTime.now();
                n.persist();
                return n;
            });
            keyActor = u.actor();
        }
    }

    /** The configuration key, unless unset, or left at the development value outside dev and test. */
    public Optional<String> configuredKey() {
        Optional<String> key = apiKey.filter(k -> !k.isBlank());
        if (key.isPresent() && key.get().equals(DEV_KEY) && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("XSTUDY_API_KEY is not set: the development key is disabled; use personal API tokens.");
            return Optional.empty();
        }
        return key;
    }

    /** The account the configuration key acts as, if a key is configured. */
    public Optional<Actor> keyActor() {
        return Optional.ofNullable(keyActor);
    }

    /**
     * Who owns studies created at start-up (the demo): the first admin, who signs in to the console and so sees
     * them, else the key's account (which cannot sign in).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Actor> systemActor() {
        return User.<User>find("role = ?1 order by id", Actor.ADMIN).firstResultOptional().map(User::actor)
                .or(this::keyActor);
    }
}
