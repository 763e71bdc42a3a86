package org.xstudy.prolific;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.xstudy.common.Actor;
import org.xstudy.common.AuditEvent;
import org.xstudy.common.ProblemException;
import org.xstudy.common.PublicUrl;
import org.xstudy.study.Study;
import org.xstudy.study.StudyLinks;
import org.xstudy.study.StudyService;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.StudySpec;

/**
 * A study's Prolific study: created as a draft (and updated while it is one) with this study's join link and one
 * completion code per way a session ends, then published, paused and resumed together with the xstudy study.
 * Publishing subscribes to Prolific's {@code submission.status.change} webhook for the study. Calls use the token
 * of the researcher who linked the study; everyone who may change the study may drive it.
 */
@ApplicationScoped
@Transactional
public class ProlificStudies {

    private static final Logger LOG = Logger.getLogger(ProlificStudies.class);
    static final String HOOK_EVENT = "submission.status.change";

    @Inject
    StudyService studies;

    @Inject
    ProlificAccounts accounts;

    @Inject
    ProlificClient prolific;

    @Inject
    ProlificSettings settings;

    @Inject
    TokenCipher cipher;

    @Inject
    PublicUrl publicUrl;

    @Inject
    EntityManager em;

    @Inject
    Event<AuditEvent> audit;

    /** What the API answers about a study's Prolific study. */
    public record View(boolean linked, String prolificStudyId, String status, String externalStudyUrl,
            List<Map<String, Object>> completionCodes, boolean webhook, OffsetDateTime syncedAt) {}

    /** The link as those who may drive it see it (viewers of the study do not: 403). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public View view(long studyId, Actor who) {
        Study s = studies.writable(studyId, who);
        return ProlificLink.<ProlificLink>findByIdOptional(studyId).map(l -> view(l, s, null))
                .orElse(new View(false, null, null, null, List.of(), false, null));
    }

    /** Creates the Prolific draft, or updates it while it is unpublished. */
    public View draft(long studyId, Actor who, DraftRequest body) {
        Study study = locked(studyId, who);
        if (body == null) {
            throw ProblemException.badField("/title", "Give the Prolific study's title, description, reward and places.");
        }
        DraftRequest d = body.validated();
        Optional<ProlificLink> existing = ProlificLink.findByIdOptional(studyId);
        if (existing.isPresent() && !"UNPUBLISHED".equals(existing.get().status)) {
            throw ProblemException.conflict("The Prolific study is " + existing.get().status
                    + "; only an unpublished draft can be changed from xstudy.");
        }
        long owner = existing.map(l -> l.userId).orElse(who.id());
        ProlificClient.Caller caller = accounts.caller(owner, studyId);
        study = withProlificRedirect(study, who);
        StudySpec.Participants p = studies.spec(study).participants();
        String url = StudyLinks.of(publicUrl.base(), study, p.completionCode()).prolificUrlTemplate();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", d.title().strip());
        fields.put("internal_name", "xstudy " + study.slug);
        fields.put("description", d.description());
        fields.put("external_study_url", url);
        fields.put("prolific_id_option", "url_parameters");
        fields.put("completion_codes", codes(p, d));
        fields.put("total_available_places", d.places());
        fields.put("reward", d.rewardCents());
        fields.put("estimated_completion_time", d.estimatedMinutes());
        if (d.maxMinutes() != null) {
            fields.put("maximum_allowed_time", d.maxMinutes());
        }
        fields.put("device_compatibility", d.deviceCompatibility() == null ? List.of("desktop")
                : d.deviceCompatibility());
        if (d.filters() != null && d.filters().isArray()) {
            fields.put("filters", d.filters());
        }
        ProlificLink link;
        JsonNode answer;
        if (existing.isPresent()) {
            link = existing.get();
            answer = prolific.patch(caller, "studies/" + link.prolificId + "/", fields);
        } else {
            answer = prolific.post(caller, "studies/", fields);
            link = new ProlificLink();
            link.studyId = studyId;
            link.userId = owner;
            link.prolificId = answer.path("id").asText();
            link.createdAt = OffsetDateTime.now();
            if (link.prolificId.isEmpty()) {
                throw new ProlificFailure(200, "the new study has no id");
            }
        }
        link.status = answer.path("status").asText("UNPUBLISHED");
        link.updatedAt = OffsetDateTime.now();
        link.persist();
        audit.fire(new AuditEvent(who, existing.isPresent() ? "prolific.update" : "prolific.create", studyId,
                link.prolificId));
        return view(link, study, fields);
    }

    /** {@code publish}, {@code pause} or {@code resume}: the Prolific study and this study move together. */
    public View transition(long studyId, Actor who, String action) {
        Study study = locked(studyId, who);
        ProlificLink link = ProlificLink.<ProlificLink>findByIdOptional(studyId).orElseThrow(() ->
                ProblemException.conflict("This study has no Prolific study yet: PUT /api/studies/" + studyId
                        + "/prolific first."));
        ProlificClient.Caller caller = accounts.caller(link.userId, studyId);
        String prolificAction = switch (action) {
            case "publish" -> "PUBLISH";
            case "pause" -> "PAUSE";
            case "resume" -> "START";
            default -> throw ProblemException.notFound("Action '" + action + "'");
        };
        String wanted = action.equals("pause") ? Study.PAUSED : Study.OPEN;
        if (!study.status.equals(wanted)) {
            studies.transition(studyId, who, action.equals("pause") ? "pause" : "open");
        }
        if (action.equals("publish")) {
            subscribe(link, caller);
        }
        JsonNode answer = prolific.post(caller, "studies/" + link.prolificId + "/transition/",
                Map.of("action", prolificAction));
        link.status = answer.path("status").asText(link.status);
        link.updatedAt = OffsetDateTime.now();
        audit.fire(new AuditEvent(who, "prolific." + action, studyId, link.prolificId + " " + link.status));
        return view(link, study, null);
    }

    /**
     * Subscribes to submission status changes once, as Prolific documents it: the workspace's secret, a
     * subscription, then its confirmation with the {@code X-Hook-Secret} the subscription was answered with. Creating
     * a secret replaces the workspace's previous one, so a secret already set up for another of the researcher's
     * studies is reused. A failure leaves the polling to catch every change.
     */
    private void subscribe(ProlificLink link, ProlificClient.Caller caller) {
        if (link.hookSubscription != null) {
            return;
        }
        try {
            String workspace = prolific.get(caller, "workspaces/").path("results").path(0).path("id").asText("");
            if (workspace.isEmpty()) {
                throw new ProlificFailure(200, "no workspace");
            }
            String secret = researchersSecret(link);
            if (secret == null) {
                secret = prolific.post(caller, "hooks/secrets/", Map.of("workspace_id", workspace))
                        .path("value").asText("");
            }
            String target = hookUrl(link.studyId);
            ProlificClient.Answer created = prolific.exchange(caller, "POST", "hooks/subscriptions/",
                    Map.of("workspace_id", workspace, "event_type", HOOK_EVENT, "target_url", target));
            String id = subscriptionId(created.body(), target);
            String confirmation = created.headers().firstValue("X-Hook-Secret").orElse("");
            if (!confirmation.isEmpty()) {
                prolific.post(caller, "hooks/subscriptions/" + id + "/", Map.of("secret", confirmation));
            }
            link.hookSecretEnc = cipher.encrypt(secret, hookPurpose(link.studyId));
            link.hookSubscription = id;
        } catch (ProlificFailure f) {
            LOG.warnf("Study %d: no Prolific webhook (%s); submissions are polled instead", link.studyId,
                    f.getMessage());
        }
    }

    /** The hook secret stored for another study of the same researcher (the latest readable one), or null. */
    private String researchersSecret(ProlificLink link) {
        List<ProlificLink> others = ProlificLink.list("userId = ?1 and studyId <> ?2 and hookSecretEnc is not null "
                + "order by updatedAt desc", link.userId, link.studyId);
        for (ProlificLink other : others) {
            try {
                return cipher.decrypt(other.hookSecretEnc, hookPurpose(other.studyId));
            } catch (ProblemException unreadable) {
                // stored under an earlier XSTUDY_SECRET_KEY
            }
        }
        return null;
    }

    /** The new subscription's id: the answer's {@code id}, or the one listed for our target URL. */
    private static String subscriptionId(JsonNode answer, String target) {
        if (answer.hasNonNull("id")) {
            return answer.get("id").asText();
        }
        for (JsonNode s : answer.path("results")) {
            if (target.equals(s.path("target_url").asText()) && HOOK_EVENT.equals(s.path("event_type").asText())) {
                return s.path("id").asText();
            }
        }
        throw new ProlificFailure(201, "the subscription's id is not in the answer");
    }

    String hookUrl(long studyId) {
        return publicUrl.base() + "/hooks/prolific/" + studyId;
    }

    static String hookPurpose(long studyId) {
        return "prolific-hook:" + studyId;
    }

    /**
     * Participants are sent back to Prolific with their outcome's code: a draft without a completion URL gets
     * Prolific's ({@code xstudy.prolific.completion-url}); a running study must already have one.
     */
    private Study withProlificRedirect(Study study, Actor who) {
        if (studies.spec(study).participants().completionUrl() != null) {
            return study;
        }
        if (!Study.DRAFT.equals(study.status)) {
            throw ProblemException.conflict("This study sends participants nowhere when they finish and is no "
                    + "longer a draft; set participants.completionUrl while it is one.");
        }
        try {
            ObjectNode tree = (ObjectNode) SpecParser.json().readTree(study.spec);
            ((ObjectNode) tree.get("participants")).put("completionUrl", settings.completionUrl());
            return studies.update(study.id, who, tree.toString(), false);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Study locked(long studyId, Actor who) {
        Study s = studies.writable(studyId, who);
        em.lock(s, LockModeType.PESSIMISTIC_WRITE);
        return s;
    }

    /** One completion code per ending, typed as Prolific types them (participant/Endings shows the same codes). */
    static List<Map<String, Object>> codes(StudySpec.Participants p, DraftRequest d) {
        List<Map<String, Object>> codes = new ArrayList<>();
        codes.add(code(p.completionCode(), "COMPLETED", Map.of("action", "MANUALLY_REVIEW")));
        codes.add(code(p.failedAttentionCode(), "FAILED_ATTENTION_CHECK", Map.of("action", "MANUALLY_REVIEW")));
        codes.add(code(p.noConsentCode(), "NO_CONSENT", Map.of("action", "REQUEST_RETURN",
                "return_reason", "You did not consent to take part.")));
        if (d != null) {
            codes.add(code(p.screenOutCode(), "FIXED_SCREENOUT", Map.of("action", "FIXED_SCREEN_OUT_PAYMENT",
                    "fixed_screen_out_reward", d.screenOutReward(), "slots", d.places())));
        }
        return codes;
    }

    private static Map<String, Object> code(String code, String type, Map<String, Object> action) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("code", code);
        c.put("code_type", type);
        c.put("actor", "participant");
        c.put("actions", List.of(action));
        return c;
    }

    private View view(ProlificLink l, Study s, Map<String, Object> sent) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> codes = sent == null ? codes(studies.spec(s).participants(), null)
                : (List<Map<String, Object>>) sent.get("completion_codes");
        String url = sent == null ? StudyLinks.of(publicUrl.base(), s, null).prolificUrlTemplate()
                : (String) sent.get("external_study_url");
        return new View(true, l.prolificId, l.status, url, codes, l.hookSubscription != null, l.syncedAt);
    }
}
