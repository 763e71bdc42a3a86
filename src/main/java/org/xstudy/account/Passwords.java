package org.xstudy.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xstudy.common.ProblemException;

/** Hashes and checks passwords with bcrypt; the cost factor comes from {@code xstudy.password.bcrypt-cost}. */
@ApplicationScoped
public class Passwords {

    public static final int MIN_LENGTH = 10;
    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut. */
    public static final int MAX_BYTES = 72;

    @ConfigProperty(name = "xstudy.password.bcrypt-cost", defaultValue = "12")
    int cost;

    private volatile String dummy;

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    /** Checks a password; with no stored hash it still spends the time of a check, so timing reveals nothing. */
    public boolean matches(String password, String storedHash) {
        if (password == null) {
            return false;
        }
        if (storedHash == null) {
            if (dummy == null) {
                dummy = hash("not-a-password-of-anyone");
            }
            BCrypt.verifyer().verify(password.toCharArray(), dummy);
            return false;
        }
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                storedHash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /**
     * Rejects a password that is too short or too long, or easy to guess (NIST SP 800-63B, 3.1.1.2): one of the
     * most common passwords (also with digits or symbols added at the end), one character repeated or a run such as
     * {@code abcdefghij}, or built on the account's own e-mail address. Names {@code pointer} as the field.
     */
    public static void check(String pointer, String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw ProblemException.badField(pointer, "Use at least " + MIN_LENGTH + " characters.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ProblemException.badField(pointer, "Use at most " + MAX_BYTES + " bytes.");
        }
        String why = CommonPasswords.weakness(password, email);
        if (why != null) {
            throw ProblemException.badField(pointer, why + " Choose a longer phrase of unrelated words.");
        }
    }
}
