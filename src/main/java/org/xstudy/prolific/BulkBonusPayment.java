package org.xstudy.prolific;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xstudy.common.ProblemException;
import org.xstudy.common.SqlTimes;

/**
 * One bulk bonus's way through Prolific, exactly once. Prolific's pay call is not idempotent and pays
 * asynchronously, and Prolific offers no way to read a bulk bonus back, so a pay call whose answer is lost leaves
 * xstudy unable to know whether it paid. The row of {@code prolific_bonus} moves {@code creating → created →
 * paying → paid}; a pay call that got no answer moves it to {@code unconfirmed} (at once when the request that sent
 * it saw the failure; after {@link #inFlight()} when the server died with it). An unconfirmed bulk bonus is never
 * paid again on xstudy's own: each request reads the study's submissions and marks it paid once Prolific shows the
 * bonuses, and otherwise the researcher, having checked on Prolific, must confirm that it was not paid (by its
 * Prolific id); only the one request that moves the row from {@code unconfirmed} back to {@code paying} pays it.
 */
@ApplicationScoped
class BulkBonusPayment {

    @Inject
    ProlificClient prolific;

    @Inject
    SubmissionSync sync;

    @Inject
    ProlificSettings settings;

    @Inject
    EntityManager em;

    /** A row of {@code prolific_bonus}. */
    record Row(long id, String prolificId, String state, String csv, int totalCents, OffsetDateTime payingSince) {}

    /** Creates the bulk bonus on Prolific. Creating one that is never paid costs nothing, so this may repeat. */
    Row create(Row row, ProlificLink link, ProlificClient.Caller caller) {
        JsonNode created;
        try {
            created = prolific.post(caller, "submissions/bonus-payments/", Map.of("study_id", link.prolificId,
                    "csv_bonuses", row.csv()));
        } catch (ProlificFailure f) {
            if (!f.unanswered() && f.upstreamStatus() >= 400 && f.upstreamStatus() < 500 && f.upstreamStatus() != 429) {
                update("DELETE FROM prolific_bonus WHERE id = ?1 AND state = 'creating'", row.id());
            }
            throw f;
        }
        String prolificId = created.path("id").asText();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE prolific_bonus SET state = "
                + "'created', prolific_id = ?1 WHERE id = ?2 AND state = 'creating'").setParameter(1, prolificId)
                .setParameter(2, row.id()).executeUpdate());
        return find(row.id());
    }

    /**
     * Pays a created row once; settles a row whose pay call got no answer by asking Prolific; pays an unconfirmed
     * row again only when {@code confirmedUnpaid} names it.
     */
    Row settle(Row row, ProlificLink link, ProlificClient.Caller caller, String confirmedUnpaid) {
        if (row.state().equals("created")) {
            return update("UPDATE prolific_bonus SET state = 'paying', paying_since = now() WHERE id = ?1 "
                    + "AND state = 'created'", row.id()) ? sendPay(row, caller) : find(row.id());
        }
        if (!row.state().equals("paying") && !row.state().equals("unconfirmed")) {
            return row;
        }
        if (paidOnProlific(row, link, caller)) {
            update("UPDATE prolific_bonus SET state = 'paid', paid_at = now() WHERE id = ?1 "
                    + "AND state IN ('paying', 'unconfirmed')", row.id());
            return find(row.id());
        }
        if (row.state().equals("paying")) {
            if (row.payingSince().plus(inFlight()).isAfter(OffsetDateTime.now())) {
                throw ProblemException.conflict("Bulk bonus " + row.prolificId() + " is being paid; ask again in a "
                        + "few minutes. It will not be paid twice.");
            }
            // the server that sent the pay call died before it heard the answer
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE prolific_bonus SET state = "
                    + "'unconfirmed' WHERE id = ?1 AND state = 'paying' AND paying_since = ?2").setParameter(1, row.id())
                    .setParameter(2, row.payingSince()).executeUpdate());
            return find(row.id());
        }
        if (confirmedUnpaid == null) {
            return row;
        }
        if (!confirmedUnpaid.equals(row.prolificId())) {
            throw ProblemException.badField("/confirmUnpaid", "The unconfirmed bulk bonus is " + row.prolificId()
                    + "; confirm that one, after checking on Prolific that it was not paid.");
        }
        return update("UPDATE prolific_bonus SET state = 'paying', paying_since = now() WHERE id = ?1 "
                + "AND state = 'unconfirmed'", row.id()) ? sendPay(row, caller) : find(row.id());
    }

    /**
     * The longest a pay call can be under way: every attempt's time limit and every {@code Retry-After} wait. A row
     * still {@code paying} after this has lost its sender.
     */
    Duration inFlight() {
        return settings.timeout().multipliedBy(settings.maxRetries() + 1L)
                .plus(settings.maxRetryWait().multipliedBy(settings.maxRetries())).plusSeconds(5);
    }

    private Row sendPay(Row row, ProlificClient.Caller caller) {
        try {
            prolific.post(caller, "bulk-bonus-payments/" + row.prolificId() + "/pay/", null);
        } catch (ProlificFailure f) {
            if (f.unanswered()) {
                update("UPDATE prolific_bonus SET state = 'unconfirmed' WHERE id = ?1 AND state = 'paying'", row.id());
            } else if (f.upstreamStatus() >= 400 && f.upstreamStatus() < 500) {
                // Prolific refused it (e.g. not enough funds): nothing was paid, so the row may be paid later
                update("UPDATE prolific_bonus SET state = 'created', paying_since = NULL WHERE id = ?1 "
                        + "AND state = 'paying'", row.id());
            }
            throw f;
        }
        update("UPDATE prolific_bonus SET state = 'paid', paid_at = now() WHERE id = ?1 AND state = 'paying'",
                row.id());
        return find(row.id());
    }

    /** Whether Prolific's submissions already show this bulk bonus (any of its amounts on its participants). */
    private boolean paidOnProlific(Row row, ProlificLink link, ProlificClient.Caller caller) {
        Set<String> expected = new HashSet<>();
        for (ProlificBonuses.Line l : lines(row.id())) {
            expected.add(l.participantId() + ":" + l.cents());
        }
        for (JsonNode s : sync.submissions(caller, link.prolificId)) {
            for (JsonNode b : s.path("bonus_payments")) {
                int cents = b.isNumber() ? b.asInt() : b.path("amount").asInt();
                if (expected.contains(s.path("participant_id").asText() + ":" + cents)) {
                    return true;
                }
            }
        }
        return false;
    }

    List<ProlificBonuses.Line> lines(long bonusId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT prolific_pid, cents FROM prolific_bonus_line "
                    + "WHERE bonus_id = ?1 ORDER BY prolific_pid").setParameter(1, bonusId).getResultList();
            return rows.stream().map(r -> new ProlificBonuses.Line((String) r[0], -1, ((Number) r[1]).intValue()))
                    .toList();
        });
    }

    Row find(long id) {
        return QuarkusTransaction.requiringNew().call(() -> find("id = ?1", id));
    }

    /** The first row matching {@code where} (one parameter), in the caller's transaction. */
    Row find(String where, Object param) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, prolific_id, state, csv, total_cents, paying_since "
                + "FROM prolific_bonus WHERE " + where).setParameter(1, param).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        return new Row(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).intValue(), SqlTimes.toOffset(r[5]));
    }

    /** Runs one conditional update in its own transaction; whether it changed the row. */
    private boolean update(String sql, long id) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql).setParameter(1, id)
                .executeUpdate() == 1);
    }
}
