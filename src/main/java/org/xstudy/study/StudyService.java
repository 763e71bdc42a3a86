package org.xstudy.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.enterprise.event.Event;
import org.xstudy.common.Actor;
import org.xstudy.common.AuditEvent;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.study.spec.LeakCheck;
import org.xstudy.study.spec.Payload;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.SpecWarning;
import org.xstudy.study.spec.StudySpec;

/**
 * Creates studies from specifications and moves them through their lifecycle:
 * draft → open ⇄ paused → closed. Only drafts can be edited or deleted. A study is visible to its owner and its
 * collaborators; viewers (by account role or by collaborator access) read but change nothing. Someone else's
 * study is not found, whatever it is. Every change is written to the audit log.
 */
@ApplicationScoped
@Transactional
public class StudyService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;

    @Inject
    Instance<PayloadResolver> resolvers;

    @Inject
    Event<AuditEvent> audit;

    private final Map<Long, Cached> specs = new ConcurrentHashMap<>();

    private record Cached(int revision, StudySpec spec) {}

    /** Validates {@code body} (JSON or YAML), resolves payload references, and stores a new draft. */
    public Study create(String body, boolean yaml, Actor owner) {
        if (owner.readOnly()) {
            throw new ProblemException(Problem.of(403, "Forbidden", "A viewer account cannot create studies."));
        }
        JsonNode tree = prepare(body, yaml, owner);
        StudySpec spec = SpecParser.bind(tree);
        Study study = new Study();
        study.slug = spec.slug() != null ? spec.slug() : freeSlug(spec.title());
        if (Study.findBySlug(study.slug).isPresent()) {
            throw new ProblemException(new Problem("about:blank", "Conflict", 409,
                    "The slug '" + study.slug + "' is taken.",
                    List.of(new Problem.FieldError("/slug", "The slug '" + study.slug + "' is taken; choose another."))));
        }
        study.owner = owner.owner();
        study.previewToken = token();
        study.createdAt = OffsetDateTime.now();
        apply(study, spec, tree);
        study.persist();
        writeItems(study, spec);
        audit.fire(new AuditEvent(owner, "study.create", study.id, study.slug));
        return study;
    }

    /** Replaces the specification of a draft. */
    public Study update(long id, Actor who, String body, boolean yaml) {
        Study study = writable(id, who);
        if (!Study.DRAFT.equals(study.status)) {
            throw ProblemException.conflict("Only a draft can be edited; this study is " + study.status + ".");
        }
        JsonNode tree = prepare(body, yaml, who);
        StudySpec spec = SpecParser.bind(tree);
        if (spec.slug() != null && !spec.slug().equals(study.slug)) {
            throw ProblemException.badField("/slug", "The slug of an existing study cannot change.");
        }
        apply(study, spec, tree);
        study.revision++;
        StudyItem.delete("studyId", study.id);
        em.flush();
        writeItems(study, spec);
        audit.fire(new AuditEvent(who, "study.update", study.id, "revision " + study.revision));
        return study;
    }

    /** The study if {@code who} owns it or collaborates on it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Study> visible(long id, Actor who) {
        return Study.<Study>findByIdOptional(id).filter(s -> access(s, who) != null);
    }

    /**
     * How {@code who} may use {@code study}: {@code owner}, {@code editor}, {@code viewer}, or {@code null} for
     * no access. A viewer account is a viewer wherever it is a collaborator.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String access(Study study, Actor who) {
        if (study.owner.equals(who.owner())) {
            return who.readOnly() ? "viewer" : "owner";
        }
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT access FROM study_member WHERE study_id = ?1 AND user_id = ?2")
                .setParameter(1, study.id).setParameter(2, who.id()).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        return who.readOnly() ? "viewer" : rows.get(0);
    }

    /** The study if {@code who} may change it; 404 if they cannot see it, 403 if they only read it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Study writable(long id, Actor who) {
        Study study = visible(id, who).orElseThrow(() -> ProblemException.notFound("Study " + id));
        if ("viewer".equals(access(study, who))) {
            throw new ProblemException(Problem.of(403, "Forbidden", "Your access to this study is read-only."));
        }
        return study;
    }

    /** The studies {@code who} owns or collaborates on, newest first, optionally of one status. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Study> list(Actor who, String status) {
        List<Study> all = Study.list("(owner = ?1 or id in (select m.studyId from StudyMember m where m.userId = ?2))"
                + " order by createdAt desc, id desc", who.owner(), who.id());
        return status == null ? all : all.stream().filter(s -> s.status.equals(status)).toList();
    }

    public void delete(long id, Actor who) {
        Study study = writable(id, who);
        if (!Study.DRAFT.equals(study.status)) {
            throw ProblemException.conflict("Only a draft can be deleted; close this study instead.");
        }
        study.delete();
        specs.remove(study.id);
        audit.fire(new AuditEvent(who, "study.delete", study.id, study.slug));
    }

    /** Applies a lifecycle action: {@code open}, {@code pause} or {@code close}. */
    public Study transition(long id, Actor who, String action) {
        Study study = writable(id, who);
        String from = study.status;
        String to = switch (action) {
            case "open" -> (from.equals(Study.DRAFT) || from.equals(Study.PAUSED)) ? Study.OPEN : null;
            case "pause" -> from.equals(Study.OPEN) ? Study.PAUSED : null;
            case "close" -> (from.equals(Study.OPEN) || from.equals(Study.PAUSED)) ? Study.CLOSED : null;
            default -> throw ProblemException.notFound("Action '" + action + "'");
        };
        if (to == null) {
            throw ProblemException.conflict("A " + from + " study cannot " + action + ".");
        }
        study.status = to;
        study.updatedAt = OffsetDateTime.now();
        if (to.equals(Study.OPEN) && study.openedAt == null) {
            study.openedAt = study.updatedAt;
        }
        if (to.equals(Study.CLOSED)) {
            study.closedAt = study.updatedAt;
        }
        audit.fire(new AuditEvent(who, "study." + action, study.id, from + " → " + to));
        return study;
    }

    /** The parsed specification of a study, cached per revision. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StudySpec spec(Study study) {
        Cached c = specs.get(study.id);
        if (c == null || c.revision() != study.revision) {
            c = new Cached(study.revision, parseStored(study.id, study.spec));
            specs.put(study.id, c);
        }
        return c.spec();
    }

    /** Binds a specification as stored in {@code study.spec} (validated when it was stored). */
    public static StudySpec parseStored(long studyId, String json) {
        try {
            return SpecParser.json().readValue(json, StudySpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored spec of study " + studyId + " does not bind", e);
        }
    }

    /** The design warnings of a study's specification (never errors: it was valid when stored). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SpecWarning> warnings(Study study) {
        return LeakCheck.of(spec(study));
    }

    /** Checks {@code body} as {@link #create} would, storing nothing; returns its design warnings. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SpecWarning> check(String body, boolean yaml, Actor who) {
        return LeakCheck.of(SpecParser.bind(prepare(body, yaml, who)));
    }

    /** Participant counts by status. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Long> counts(long studyId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String s : List.of("active", "completed", "screened_out", "timed_out", "declined")) {
            counts.put(s, 0L);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "SELECT status, count(*) FROM participant WHERE study_id = ?1 GROUP BY status")
                .setParameter(1, studyId).getResultList();
        long started = 0;
        for (Object[] r : rows) {
            long n = ((Number) r[1]).longValue();
            counts.put((String) r[0], n);
            started += n;
        }
        counts.put("started", started);
        return counts;
    }

    private JsonNode prepare(String body, boolean yaml, Actor who) {
        JsonNode tree = SpecParser.validated(SpecParser.read(body, yaml));
        resolveRefs(tree, who);
        ObjectNode participants = tree.hasNonNull("participants") ? (ObjectNode) tree.get("participants")
                : ((ObjectNode) tree).putObject("participants");
        // a code per way a session can end, as Prolific's completion codes are (docs/study-spec.md)
        for (String code : List.of("completionCode", "screenOutCode", "noConsentCode", "failedAttentionCode")) {
            if (!participants.hasNonNull(code)) {
                participants.put(code, token().substring(0, 10).toUpperCase(Locale.ROOT));
            }
        }
        return tree;
    }

    /** Replaces every {@code {"ref": ...}} payload by a frozen copy of what it names, if {@code who} owns it. */
    private void resolveRefs(JsonNode tree, Actor who) {
        List<Problem.FieldError> errors = new ArrayList<>();
        JsonNode items = tree.get("items");
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            JsonNode ex = item.get("explanations");
            if (ex == null || !ex.isObject()) {
                continue;
            }
            Map<String, JsonNode> replaced = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = ex.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().hasNonNull("ref")) {
                    continue;
                }
                String ref = e.getValue().get("ref").asText();
                Optional<Payload> found = Optional.empty();
                for (PayloadResolver r : resolvers) {
                    found = r.resolve(ref, item.get("text").asText(), who);
                    if (found.isPresent()) {
                        break;
                    }
                }
                if (found.isEmpty()) {
                    errors.add(new Problem.FieldError("/items/" + i + "/explanations/" + e.getKey() + "/ref",
                            "No generated explanation '" + ref + "' of yours is known."));
                } else {
                    ObjectNode frozen = SpecParser.json().valueToTree(found.get());
                    String refused = FreezeCheck.refusal(frozen, e.getValue());
                    if (refused != null) {
                        errors.add(new Problem.FieldError("/items/" + i + "/explanations/" + e.getKey() + "/ref",
                                refused));
                    }
                    replaced.put(e.getKey(), frozen);
                }
            }
            replaced.forEach(((ObjectNode) ex)::set);
        }
        if (!errors.isEmpty()) {
            // 422 alike for an unknown id and for someone else's object, so the answer tells nobody it exists
            throw new ProblemException(new Problem("about:blank", "Unresolvable or unfaithful reference", 422,
                    errors.size() == 1 ? errors.get(0).message() : errors.size() + " references cannot be resolved.",
                    errors));
        }
    }

    private void apply(Study study, StudySpec spec, JsonNode tree) {
        study.title = spec.title();
        study.specVersion = spec.specVersion();
        study.updatedAt = OffsetDateTime.now();
        try {
            study.spec = SpecParser.json().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writeItems(Study study, StudySpec spec) {
        int position = 0;
        for (StudySpec.Item item : spec.items()) {
            StudyItem row = new StudyItem();
            row.studyId = study.id;
            row.itemKey = item.id();
            row.position = position++;
            row.text = item.text();
            row.prediction = item.prediction().label();
            row.gold = item.gold();
            try {
                row.probabilities = SpecParser.json().writeValueAsString(item.prediction().probabilities());
                row.explanations = SpecParser.json().writeValueAsString(
                        item.explanations() == null ? Map.of() : item.explanations());
                row.perturbations = SpecParser.json().writeValueAsString(
                        item.perturbations() == null ? List.of() : item.perturbations());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            row.persist();
        }
    }

    private String freeSlug(String title) {
        String base = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.length() > 40) {
            base = base.substring(0, 40).replaceAll("-+$", "");
        }
        if (base.length() < 3) {
            base = "study";
        }
        String slug = base;
        while (Study.findBySlug(slug).isPresent()) {
            slug = base + "-" + HexFormat.of().formatHex(new byte[] {(byte) RANDOM.nextInt(), (byte) RANDOM.nextInt()});
        }
        return slug;
    }

    static String token() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
