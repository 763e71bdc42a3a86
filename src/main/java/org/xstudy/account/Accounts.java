package org.xstudy.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xstudy.common.Actor;
import org.xstudy.common.AuditEvent;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/** Accounts and their credentials: users, password login, console sessions and personal API tokens. */
@ApplicationScoped
@Transactional
public class Accounts {

    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    static final String TOKEN_PREFIX = "xst_";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final List<String> ROLES = List.of(Actor.ADMIN, Actor.RESEARCHER, Actor.VIEWER);

    @Inject
    Passwords passwords;

    @Inject
    LoginThrottle throttle;

    @Inject
    Event<AuditEvent> audit;

    /** What a login attempt gave: a user, or a wait imposed by the throttle, or neither (wrong credentials). */
    public record Login(Optional<User> user, Duration retryAfter) {}

    /** A new API token: the secret is shown once and never stored. */
    public record NewToken(ApiToken token, String secret) {}

    /** Creates an account; field errors name {@code /email}, {@code /name}, {@code /role} or {@code /password}. */
    public User create(String email, String name, String role, String password, Actor by) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String mail = User.normalise(email);
        if (!EMAIL.matcher(mail).matches() || mail.length() > 254) {
            errors.add(new Problem.FieldError("/email", "Enter an e-mail address such as ada@example.org."));
        } else if (User.byEmail(mail).isPresent()) {
            errors.add(new Problem.FieldError("/email", "An account with this e-mail address exists."));
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.add(new Problem.FieldError("/name", "Enter a name of 1 to 200 characters."));
        }
        if (!ROLES.contains(role)) {
            errors.add(new Problem.FieldError("/role", "Choose admin, researcher or viewer."));
        }
        try {
            Passwords.check("/password", password, email);
        } catch (ProblemException e) {
            errors.addAll(e.problem().errors());
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        User u = new User();
        u.email = mail;
        u.name = name.trim();
        u.role = role;
        u.passwordHash = passwords.hash(password);
        u.createdAt = OffsetDateTime.now();
        u.persist();
        if (by != null) {
            audit.fire(new AuditEvent(by, "user.create", null, u.email + " as " + role));
        }
        return u;
    }

    /** Changes the role and the active flag of an account; an admin cannot demote or disable themself. */
    public User update(long id, String role, boolean active, Actor by) {
        User u = User.<User>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("User " + id));
        if (!ROLES.contains(role)) {
            throw ProblemException.badField("/role", "Choose admin, researcher or viewer.");
        }
        if (u.id == by.id() && (!role.equals(Actor.ADMIN) || !active)) {
            throw ProblemException.badField("/role", "You cannot remove your own admin rights or disable yourself.");
        }
        u.role = role;
        u.active = active;
        if (!active) {
            ConsoleSession.delete("userId", u.id);
        }
        audit.fire(new AuditEvent(by, "user.update", null, u.email + ": " + role + (active ? "" : ", disabled")));
        return u;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<User> users() {
        return User.listAll(io.quarkus.panache.common.Sort.by("email"));
    }

    /** Checks a password login, throttled per account and per client address. */
    public Login login(String email, String password, String address) {
        String mail = User.normalise(email);
        Duration wait = throttle.retryAfter(mail, address);
        if (!wait.isZero()) {
            return new Login(Optional.empty(), wait);
        }
        Optional<User> u = User.byEmail(mail).filter(x -> x.active);
        boolean ok = passwords.matches(password, u.map(x -> x.passwordHash).orElse(null));
        if (!ok) {
            throttle.failed(mail, address);
            return new Login(Optional.empty(), Duration.ZERO);
        }
        throttle.succeeded(mail);
        return new Login(u, Duration.ZERO);
    }

    /** Starts a console session and returns the cookie value; only its hash is stored. */
    public String startSession(User user) {
        ConsoleSession.delete("expiresAt < ?1", OffsetDateTime.now());
        String token = Secrets.token();
        ConsoleSession s = new ConsoleSession();
        s.tokenHash = Secrets.sha256(token);
        s.userId = user.id;
        s.csrfToken = Secrets.token();
        s.createdAt = OffsetDateTime.now();
        s.expiresAt = s.createdAt.plus(SESSION_LIFETIME);
        s.persist();
        return token;
    }

    /** The live session of a cookie value with its (active) account. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SignedIn.Session> session(String cookie) {
        if (cookie == null || cookie.isBlank() || cookie.length() > 100) {
            return Optional.empty();
        }
        return ConsoleSession.<ConsoleSession>findByIdOptional(Secrets.sha256(cookie))
                .filter(s -> s.expiresAt.isAfter(OffsetDateTime.now()))
                .flatMap(s -> User.<User>findByIdOptional(s.userId).filter(u -> u.active)
                        .map(u -> new SignedIn.Session(u, s.csrfToken)));
    }

    public void endSession(String cookie) {
        if (cookie != null && cookie.length() <= 100) {
            ConsoleSession.deleteById(Secrets.sha256(cookie));
        }
    }

    /**
     * Changes the signed-in account's password after checking the current one (wrong guesses count towards the
     * login throttle), and ends every other console session of the account. Field errors name
     * {@code /currentPassword}, {@code /newPassword} or {@code /confirmPassword}; nothing changes on error.
     */
    public void changePassword(Actor who, String current, String password, String confirm, String keepCookie,
            String address) {
        User u = User.<User>findByIdOptional(who.id()).orElseThrow(() -> ProblemException.notFound("Account"));
        Duration wait = throttle.retryAfter(u.email, address);
        if (!wait.isZero()) {
            throw ProblemException.badField("/currentPassword", "Too many wrong passwords. Try again in "
                    + Math.max(1, (wait.toSeconds() + 59) / 60) + " minutes.");
        }
        if (!passwords.matches(current, u.passwordHash)) {
            throttle.failed(u.email, address);
            throw ProblemException.badField("/currentPassword", "This is not your current password.");
        }
        Passwords.check("/newPassword", password, u.email);
        if (!password.equals(confirm)) {
            throw ProblemException.badField("/confirmPassword", "The two new passwords differ.");
        }
        u.passwordHash = passwords.hash(password);
        long ended = ConsoleSession.delete("userId = ?1 and tokenHash <> ?2", u.id,
                Secrets.sha256(keepCookie == null ? "" : keepCookie));
        audit.fire(new AuditEvent(who, "password.change", null, "other console sessions ended: " + ended));
    }

    public NewToken createToken(Actor by, String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ProblemException.badField("/name", "Give the token a name of 1 to 100 characters.");
        }
        String secret = TOKEN_PREFIX + Secrets.token();
        ApiToken t = new ApiToken();
        t.userId = by.id();
        t.name = name.trim();
        t.prefix = secret.substring(0, TOKEN_PREFIX.length() + 6);
        t.tokenHash = Secrets.sha256(secret);
        t.createdAt = OffsetDateTime.now();
        t.persist();
        audit.fire(new AuditEvent(by, "token.create", null, t.name + " (" + t.prefix + "…)"));
        return new NewToken(t, secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ApiToken> tokens(long userId) {
        return ApiToken.list("userId = ?1 order by createdAt desc, id desc", userId);
    }

    /** Revokes one of the caller's own tokens; anyone else's is not found. */
    public void revokeToken(Actor by, long tokenId) {
        ApiToken t = ApiToken.<ApiToken>findByIdOptional(tokenId).filter(x -> x.userId == by.id())
                .orElseThrow(() -> ProblemException.notFound("Token " + tokenId));
        if (t.revokedAt == null) {
            t.revokedAt = OffsetDateTime.now();
            audit.fire(new AuditEvent(by, "token.revoke", null, t.name + " (" + t.prefix + "…)"));
        }
    }

    /** The active account of an unrevoked API token, noting when it was last used (to the minute). */
    public Optional<User> byToken(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        Optional<ApiToken> t = ApiToken.<ApiToken>find("tokenHash", (Object) Secrets.sha256(secret))
                .firstResultOptional().filter(x -> x.revokedAt == null);
        Optional<User> u = t.flatMap(x -> User.<User>findByIdOptional(x.userId)).filter(x -> x.active);
        if (u.isPresent()) {
            OffsetDateTime now = OffsetDateTime.now();
            ApiToken token = t.get();
            if (token.lastUsedAt == null || token.lastUsedAt.isBefore(now.minusMinutes(1))) {
                token.lastUsedAt = now;
            }
        }
        return u;
    }
}
