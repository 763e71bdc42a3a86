package org.xstudy.prolific;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xstudy.analysis.Exclusion;
import org.xstudy.analysis.ParticipantStats;
import org.xstudy.analysis.data.ExclusionService;
import org.xstudy.analysis.data.ResponseRepository;
import org.xstudy.common.Actor;
import org.xstudy.common.AuditEvent;
import org.xstudy.common.ProblemException;
import org.xstudy.study.StudyService;

/**
 * Reviews the submissions awaiting review on Prolific from what xstudy knows: a participant who completed and is
 * not excluded is approved (bulk, in batches); an excluded one is rejected only where Prolific's policy allows it,
 * at least two failed attention checks, with a message of over 100 characters and the FAILED_CHECK category; every
 * other submission is left for the researcher, with the reason. A dry run answers the same decisions and the exact
 * requests a real run would send, and sends none.
 */
@ApplicationScoped
public class ProlificReview {

    /** Attention checks failed from which Prolific allows a rejection. */
    static final int REJECTABLE_FAILURES = 2;

    @Inject
    StudyService studies;

    @Inject
    ProlificAccounts accounts;

    @Inject
    ProlificClient prolific;

    @Inject
    SubmissionSync sync;

    @Inject
    ProlificSettings settings;

    @Inject
    ExclusionService exclusions;

    @Inject
    ResponseRepository responses;

    @Inject
    EntityManager em;

    @Inject
    Event<AuditEvent> audit;

    /** What happens to one submission, and why. */
    public record Decision(String submissionId, String participantId, String action, String reason) {}

    /** One request to Prolific, as it is (or would be) sent. */
    public record Request(String method, String path, Map<String, Object> body) {}

    public record Result(boolean dryRun, List<Decision> decisions, List<Request> requests, int approved, int rejected,
            int left) {}

    public Result review(long studyId, Actor who, boolean dryRun) {
        QuarkusTransaction.requiringNew().call(() -> studies.writable(studyId, who));
        ProlificLink link = QuarkusTransaction.requiringNew().call(() -> ProlificLink.<ProlificLink>findById(studyId));
        if (link == null) {
            throw ProblemException.conflict("This study has no Prolific study.");
        }
        ProlificClient.Caller caller = QuarkusTransaction.requiringNew().call(() ->
                accounts.caller(link.userId, studyId));
        List<JsonNode> submissions = sync.submissions(caller, link.prolificId);
        for (JsonNode s : submissions) {
            QuarkusTransaction.requiringNew().call(() -> sync.apply(studyId, s));
        }
        Map<String, Sessions> byPid = QuarkusTransaction.requiringNew().call(() -> sessions(studyId));
        List<Decision> decisions = new ArrayList<>();
        List<String> approve = new ArrayList<>();
        List<Request> requests = new ArrayList<>();
        for (JsonNode s : submissions) {
            if (!"AWAITING REVIEW".equals(s.path("status").asText())) {
                continue;
            }
            String id = s.path("id").asText();
            String pid = s.path("participant_id").asText();
            Sessions p = byPid.get(pid);
            if (p == null) {
                decisions.add(new Decision(id, pid, "LEAVE", "No xstudy session has this Prolific id."));
            } else if (!p.status.equals("completed")) {
                decisions.add(new Decision(id, pid, "LEAVE", "The xstudy session ended as " + p.status + "."));
            } else if (p.excludedBy == null) {
                decisions.add(new Decision(id, pid, "APPROVE", "Completed and not excluded."));
                approve.add(id);
            } else if (p.attentionFailures >= REJECTABLE_FAILURES) {
                String message = rejection(p);
                decisions.add(new Decision(id, pid, "REJECT", "Excluded (" + p.excludedBy + ") with "
                        + p.attentionFailures + " failed attention checks."));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("action", "REJECT");
                body.put("message", message);
                body.put("rejection_category", "FAILED_CHECK");
                requests.add(new Request("POST", "submissions/" + id + "/transition/", body));
            } else {
                decisions.add(new Decision(id, pid, "LEAVE", "Excluded (" + p.excludedBy + "), but Prolific's "
                        + "policy does not allow a rejection for it: review it yourself."));
            }
        }
        List<Request> all = new ArrayList<>();
        int batch = Math.max(1, settings.batchSize());
        for (int i = 0; i < approve.size(); i += batch) {
            all.add(new Request("POST", "submissions/bulk-approve/",
                    Map.of("submission_ids", approve.subList(i, Math.min(approve.size(), i + batch)))));
        }
        all.addAll(requests);
        int rejected = requests.size();
        if (!dryRun) {
            for (Request r : all) {
                prolific.post(caller, r.path(), r.body());
            }
            QuarkusTransaction.requiringNew().run(() -> audit.fire(new AuditEvent(who, "prolific.review", studyId,
                    approve.size() + " approved, " + rejected + " rejected")));
        }
        int left = (int) decisions.stream().filter(d -> d.action().equals("LEAVE")).count();
        return new Result(dryRun, decisions, all, approve.size(), rejected, left);
    }

    private record Sessions(String status, String excludedBy, int attentionFailures, int attentionChecks) {}

    private Map<String, Sessions> sessions(long studyId) {
        Map<String, String> excluded = new HashMap<>();
        for (Exclusion e : exclusions.sync(studyId)) {
            excluded.merge(e.participantId(), e.rule().name(), (a, b) -> a + ", " + b);
        }
        Map<String, ParticipantStats> stats = new HashMap<>();
        responses.participantStats(studyId).forEach(s -> stats.put(s.id(), s));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT external_pid, public_id::text, status FROM participant "
                + "WHERE study_id = ?1 AND external_pid IS NOT NULL").setParameter(1, studyId).getResultList();
        Map<String, Sessions> out = new HashMap<>();
        for (Object[] r : rows) {
            String publicId = (String) r[1];
            ParticipantStats st = stats.get(publicId);
            out.put((String) r[0], new Sessions((String) r[2], excluded.get(publicId),
                    st == null ? 0 : st.attentionFailures(), st == null ? 0 : st.attentionChecks()));
        }
        return out;
    }

    private static String rejection(Sessions p) {
        return "Thank you for taking part. We are sorry to reject this submission: you failed " + p.attentionFailures
                + " of the " + p.attentionChecks + " attention checks in this study, which asked for a particular "
                + "answer in their own words. Prolific allows a rejection after two failed attention checks.";
    }
}
