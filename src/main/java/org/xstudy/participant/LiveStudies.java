package org.xstudy.participant;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xstudy.common.AuditEvent;
import org.xstudy.study.StudyService;
import org.xstudy.study.spec.StudySpec;

/**
 * What the participant path needs to know about a study (slug, status, parsed spec), kept in memory so that
 * answering a step does not read the study row. An entry is re-checked against the database at most every
 * {@code xstudy.participant.study-recheck} (one small query), dropped at once when this server launches, pauses,
 * closes, edits or deletes the study, and dropped when a participant's request reads another status or revision
 * from the database ({@link #observe}). Writes of participants' rows are conditional on the study's status as it
 * was read ({@link AnswerStore}), and joins read it in their transaction ({@link Places}), so a status change made
 * on another server applies to every answer and join after it, whichever server takes it.
 */
@ApplicationScoped
public class LiveStudies {

    /** A study as participants see it. {@code steps} interns plan steps so plans of one study share them. */
    public record StudyState(long id, String slug, String status, int revision, StudySpec spec, long checkedAt,
            Map<Step, Step> steps) {

        List<Step> intern(List<Step> plan) {
            return plan.stream().map(s -> steps.computeIfAbsent(s, k -> k)).toList();
        }
    }

    private final Map<Long, StudyState> studies = new ConcurrentHashMap<>();
    private final Map<String, Long> slugs = new ConcurrentHashMap<>();

    @Inject
    AgroalDataSource db;

    @ConfigProperty(name = "xstudy.participant.study-recheck", defaultValue = "1S")
    java.time.Duration recheck;

    /** The study with this id, fresh within the recheck interval; empty when it no longer exists. */
    public Optional<StudyState> get(long id) {
        Optional<StudyState> held = fresh(id);
        if (held.isPresent()) {
            return held;
        }
        StudyState s = studies.get(id);
        long now = System.nanoTime();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT slug, status, revision, "
                        + "CASE WHEN revision = ? THEN NULL ELSE spec::text END FROM study WHERE id = ?")) {
            ps.setInt(1, s == null ? -1 : s.revision());
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    studies.remove(id);
                    return Optional.empty();
                }
                String json = rs.getString(4);
                StudyState fresh = json == null
                        ? new StudyState(id, rs.getString(1), rs.getString(2), s.revision(), s.spec(), now, s.steps())
                        : new StudyState(id, rs.getString(1), rs.getString(2), rs.getInt(3), StudyService.parseStored(id, json), now,
                                new ConcurrentHashMap<>());
                studies.put(id, fresh);
                return Optional.of(fresh);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading study " + id + " failed", e);
        }
    }

    /** The study with this id when it is held and was checked within the recheck interval; reads nothing. */
    public Optional<StudyState> fresh(long id) {
        StudyState s = studies.get(id);
        return s != null && System.nanoTime() - s.checkedAt() < recheck.toNanos() ? Optional.of(s) : Optional.empty();
    }

    /** The study at {@code slug}, fresh within the recheck interval. */
    public Optional<StudyState> bySlug(String slug) {
        if (!StudySpec.isSlug(slug)) {
            return Optional.empty();
        }
        Long id = slugs.get(slug);
        if (id != null) {
            Optional<StudyState> s = get(id).filter(st -> st.slug().equals(slug));
            if (s.isPresent()) {
                return s;
            }
            slugs.remove(slug, id);
        }
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM study WHERE slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading study " + slug + " failed", e);
        }
        slugs.put(slug, id);
        return get(id);
    }

    /**
     * Takes note of a study's status and revision as just read from the database along with a participant's row:
     * a held entry that differs is dropped, so the next use reads it again. This is how a status change made on
     * another server reaches this one at a participant's next request, not only after the recheck interval.
     */
    void observe(long id, String status, int revision) {
        StudyState s = studies.get(id);
        if (s != null && (s.revision() != revision || !s.status().equals(status))) {
            studies.remove(id, s);
        }
    }

    /** Forgets a study so that its next use reads it again. */
    public void invalidate(long id) {
        studies.remove(id);
    }

    /** Every study action is audited; once its transaction has committed, the study is read again. */
    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) AuditEvent e) {
        if (e.studyId() != null && e.action().startsWith("study.")) {
            invalidate(e.studyId());
        }
    }
}
