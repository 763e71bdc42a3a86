package org.xstudy.prolific;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps each participant's Prolific submission status ({@code participant.prolific_status}) in step with Prolific,
 * from webhooks and from polling every {@code xstudy.prolific.poll-interval} (so a lost webhook does not matter).
 * A RETURNED, TIMED-OUT or REJECTED submission stops holding a place at once: participant/Places counts only
 * participants whose submission is none of those.
 */
@ApplicationScoped
public class SubmissionSync {

    private static final Logger LOG = Logger.getLogger(SubmissionSync.class);

    /** Prolific statuses whose place Prolific gives to someone else. */
    public static final Set<String> FREES_PLACE = Set.of("RETURNED", "TIMED-OUT", "REJECTED");

    @Inject
    ProlificClient prolific;

    @Inject
    ProlificAccounts accounts;

    @Inject
    EntityManager em;

    @Inject
    ProlificSettings settings;

    /** Records one submission as Prolific describes it; true when a participant's status changed. */
    public boolean apply(long studyId, JsonNode submission) {
        String pid = submission.path("participant_id").asText("");
        String status = submission.path("status").asText("");
        if (pid.isEmpty() || status.isEmpty()) {
            return false;
        }
        return QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery("UPDATE participant SET "
                + "prolific_status = ?1, prolific_status_at = now() WHERE study_id = ?2 AND external_pid = ?3 "
                + "AND prolific_status IS DISTINCT FROM ?1").setParameter(1, status).setParameter(2, studyId)
                .setParameter(3, pid).executeUpdate() > 0);
    }

    /** Every submission of the study's Prolific study, page by page. */
    public List<JsonNode> submissions(ProlificClient.Caller caller, String prolificStudyId) {
        List<JsonNode> all = new ArrayList<>();
        String next = "studies/" + prolificStudyId + "/submissions/";
        for (int page = 0; next != null && page < 10_000; page++) {
            JsonNode answer = prolific.get(caller, next);
            answer.path("results").forEach(all::add);
            JsonNode href = answer.path("_links").path("next").path("href");
            next = href.isTextual() && !href.asText().isEmpty() ? href.asText() : null;
        }
        return all;
    }

    /** Polls one study: reads all its submissions and applies them; returns how many participants changed. */
    public int poll(long studyId) {
        ProlificLink link = QuarkusTransaction.requiringNew().call(() -> ProlificLink.findById(studyId));
        if (link == null) {
            return 0;
        }
        ProlificClient.Caller caller = QuarkusTransaction.requiringNew().call(() ->
                accounts.caller(link.userId, studyId));
        int changed = 0;
        for (JsonNode s : submissions(caller, link.prolificId)) {
            if (QuarkusTransaction.requiringNew().call(() -> apply(studyId, s))) {
                changed++;
            }
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE prolific_study SET synced_at = ?1 WHERE study_id = ?2").setParameter(1, OffsetDateTime.now())
                .setParameter(2, studyId).executeUpdate());
        return changed;
    }

    @Scheduled(every = "${xstudy.prolific.poll-interval}", delayed = "${xstudy.prolific.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollAll() {
        List<Long> running = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT study_id FROM prolific_study WHERE status IN ('ACTIVE', 'PAUSED', 'AWAITING REVIEW')",
                Long.class).getResultList());
        for (Long id : running) {
            if (!claimPoll(id)) {
                continue;
            }
            try {
                poll(id);
            } catch (RuntimeException e) {
                LOG.warnf("Polling Prolific for study %d failed: %s", id, e.getMessage());
            }
        }
    }

    /**
     * Whether this node polls {@code studyId} now: every node runs the schedule, and the one whose update finds the
     * last poll at least half an interval old takes it, so several nodes poll Prolific once per interval, not once
     * each.
     */
    private boolean claimPoll(long studyId) {
        OffsetDateTime now = OffsetDateTime.now();
        OffsetDateTime due = now.minus(settings.pollInterval().dividedBy(2));
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "UPDATE prolific_study SET synced_at = ?1 WHERE study_id = ?2 AND (synced_at IS NULL OR synced_at <= ?3)")
                .setParameter(1, now).setParameter(2, studyId).setParameter(3, due).executeUpdate()) == 1;
    }
}
