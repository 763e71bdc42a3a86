package org.xstudy.prolific;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.xstudy.common.Actor;
import org.xstudy.common.AuditEvent;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/**
 * Researchers' Prolific tokens: checked with Prolific's {@code GET users/me/} before they are stored, stored
 * encrypted, handed to {@link ProlificClient} calls made for their owner, and never returned.
 */
@ApplicationScoped
public class ProlificAccounts {

    @Inject
    ProlificClient prolific;

    @Inject
    TokenCipher cipher;

    @Inject
    Event<AuditEvent> audit;

    /** What the API says about a stored token: only whether there is one, and whose Prolific account it is. */
    public record Status(boolean connected, String prolificUserId, OffsetDateTime updatedAt) {}

    @Transactional
    public Status store(Actor who, String token) {
        if (who.readOnly()) {
            throw new ProblemException(Problem.of(403, "Forbidden", "A viewer account cannot connect Prolific."));
        }
        if (token == null || token.isBlank() || token.length() > 500 || !token.strip().matches("[\\x21-\\x7e]+")) {
            throw ProblemException.badField("/token", "Give your Prolific API token (Prolific: Settings, API token).");
        }
        String t = token.strip();
        byte[] sealed = cipher.encrypt(t, purpose(who.id()));
        JsonNode me;
        try {
            me = prolific.get(new ProlificClient.Caller(t, null, who.id()), "users/me/");
        } catch (ProlificFailure f) {
            if (f.upstreamStatus() == 401 || f.upstreamStatus() == 403) {
                throw ProblemException.badField("/token", "Prolific does not accept this token.");
            }
            throw f;
        }
        ProlificAccount row = ProlificAccount.<ProlificAccount>findByIdOptional(who.id()).orElseGet(() -> {
            ProlificAccount a = new ProlificAccount();
            a.userId = who.id();
            return a;
        });
        row.tokenEnc = sealed;
        row.prolificUserId = me.path("id").asText(null);
        row.updatedAt = OffsetDateTime.now();
        row.persist();
        audit.fire(new AuditEvent(who, "prolific.connect", null, "Prolific user " + row.prolificUserId));
        return status(row);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Status status(Actor who) {
        return ProlificAccount.<ProlificAccount>findByIdOptional(who.id()).map(ProlificAccounts::status)
                .orElse(new Status(false, null, null));
    }

    @Transactional
    public void delete(Actor who) {
        if (ProlificAccount.deleteById(who.id())) {
            audit.fire(new AuditEvent(who, "prolific.disconnect", null, null));
        }
    }

    /** A caller with {@code userId}'s token, for work on {@code studyId}; 409 when that account has none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProlificClient.Caller caller(long userId, Long studyId) {
        Optional<ProlificAccount> row = ProlificAccount.findByIdOptional(userId);
        if (row.isEmpty()) {
            throw ProblemException.conflict("No Prolific token is stored for the account that links this study: "
                    + "PUT /api/account/prolific first.");
        }
        return new ProlificClient.Caller(cipher.decrypt(row.get().tokenEnc, purpose(userId)), studyId, userId);
    }

    private static Status status(ProlificAccount a) {
        return new Status(true, a.prolificUserId, a.updatedAt);
    }

    private static String purpose(long userId) {
        return "prolific-token:" + userId;
    }
}
