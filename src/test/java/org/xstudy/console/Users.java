package org.xstudy.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.xstudy.account.Accounts;
import org.xstudy.account.User;
import org.xstudy.common.Actor;

/** Creates test accounts with fresh e-mail addresses and gives them API tokens. */
@ApplicationScoped
public class Users {

    public static final String PASSWORD = "correct horse battery";

    @Inject
    Accounts accounts;

    /** A test account. */
    public record Account(Actor actor, String token) {
        public String email() {
            return actor.email();
        }
    }

    @Transactional
    public Account create(String role) {
        User u = accounts.create(role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@test.local",
                "Test " + role, role, PASSWORD, null);
        return new Account(u.actor(), accounts.createToken(u.actor(), "test").secret());
    }
}
