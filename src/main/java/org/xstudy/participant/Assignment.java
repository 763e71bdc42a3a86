package org.xstudy.participant;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.xstudy.account.Secrets;
import org.xstudy.participant.LiveSessions.Live;
import org.xstudy.participant.LiveStudies.StudyState;
import org.xstudy.participant.ParticipantService.Block;
import org.xstudy.participant.ParticipantService.Join;
import org.xstudy.study.Study;
import org.xstudy.study.spec.StudySpec;

/**
 * Who takes part: joining a study (a place and a group, decided in PostgreSQL by {@link Places}), resuming by
 * Prolific id or by a researcher's resume link, and issuing session tokens.
 */
@ApplicationScoped
public class Assignment {

    /** How long a join waits behind other joins to the same study before it is answered 503. */
    private static final Duration JOIN_WAIT = Duration.ofSeconds(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AgroalDataSource db;

    @Inject
    LiveStudies liveStudies;

    @Inject
    LiveSessions sessions;

    /** See {@link ParticipantService#join}. */
    Join join(String slug, String pid, String prolificStudy, String prolificSession, String cookieToken) {
        Optional<StudyState> found = liveStudies.bySlug(slug);
        if (found.isEmpty() || found.get().status().equals(Study.DRAFT)) {
            return new Join(null, null, Block.NOT_FOUND);
        }
        StudyState study = found.get();
        Block block = ParticipantService.statusBlock(study.status());
        Live byCookie = cookieToken == null ? null : sessions.live(cookieToken).orElse(null);
        if (byCookie != null && byCookie.studyId == study.id()
                && (pid == null || pid.equals(byCookie.externalPid))) {
            return new Join(byCookie.id, null, byCookie.status.equals(ParticipantService.ACTIVE) ? block : null);
        }
        if (block != null) {
            return new Join(null, null, block);
        }
        String token = newToken();
        Optional<Join> known = pid == null ? Optional.empty() : resume(study.id(), pid, prolificSession, token);
        if (known.isPresent()) {
            return known.get();
        }
        StudySpec spec = study.spec();
        long seed = RANDOM.nextLong();
        List<Long> expired = List.of();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Places.Taken place = Places.take(c, study.id(), spec, ParticipantService.timeoutMinutes(spec),
                        JOIN_WAIT.toMillis());
                expired = place.expired();
                if (place.group() == Places.FULL) {
                    c.commit();
                    return new Join(null, null, Block.FULL);
                }
                if (place.group() == Places.NOT_OPEN) {
                    c.commit();
                    liveStudies.invalidate(study.id());
                    Block now = liveStudies.get(study.id()).map(st -> ParticipantService.statusBlock(st.status()))
                            .orElse(Block.NOT_FOUND);
                    return new Join(null, null, now == null ? Block.BUSY : now);
                }
                long id = insertParticipant(c, study.id(), spec, place.group(), seed, pid, prolificStudy,
                        prolificSession);
                insertToken(c, id, token);
                c.commit();
                return new Join(id, token, null);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                expired = List.of();
                throw e;
            } finally {
                c.setAutoCommit(true);
                expired.forEach(sessions::invalidate);
            }
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return new Join(null, null, Block.BUSY);
            }
            if ("23505".equals(e.getSQLState()) && pid != null) {
                // the same Prolific id joined at the same moment (a double click): resume that participant
                Optional<Join> twin = resume(study.id(), pid, prolificSession, token);
                if (twin.isPresent()) {
                    return twin.get();
                }
            }
            throw new IllegalStateException("joining study " + study.id() + " failed", e);
        }
    }

    /**
     * The participant with Prolific id {@code pid} in the study, given a new session token when {@code session} is
     * the Prolific session id stored for them; a {@link Block#NEEDS_PROOF} join when it is not; empty if none.
     */
    private Optional<Join> resume(long studyId, String pid, String session, String token) {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, prolific_session_id FROM participant WHERE study_id = ? AND external_pid = ?")) {
                ps.setLong(1, studyId);
                ps.setString(2, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    if (!Secrets.same(session, rs.getString(2))) {
                        return Optional.of(new Join(null, null, Block.NEEDS_PROOF));
                    }
                    long id = rs.getLong(1);
                    insertToken(c, id, token);
                    return Optional.of(new Join(id, token, null));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("resuming a participant failed", e);
        }
    }

    /** See {@link ParticipantService#resumeByLink}. */
    Optional<Join> resumeByLink(long studyId, UUID publicId) {
        String token = newToken();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM participant WHERE study_id = ? AND public_id = ?")) {
            ps.setLong(1, studyId);
            ps.setObject(2, publicId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                insertToken(c, rs.getLong(1), token);
                return Optional.of(new Join(rs.getLong(1), token, null));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("resuming a participant by link failed", e);
        }
    }

    /** See {@link ParticipantService#publicId}. */
    Optional<UUID> publicId(long studyId, String pid) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT public_id FROM participant WHERE study_id = ? AND external_pid = ?")) {
            ps.setLong(1, studyId);
            ps.setString(2, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("looking up a participant failed", e);
        }
    }

    private static long insertParticipant(Connection c, long studyId, StudySpec spec, int group, long seed,
            String pid, String prolificStudy, String prolificSession) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO participant (study_id, public_id, external_pid, "
                + "prolific_study_id, prolific_session_id, grp, grp_label, seed, plan, status, started_at, "
                + "last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'active', now(), now()) RETURNING id")) {
            ps.setLong(1, studyId);
            ps.setObject(2, UUID.randomUUID());
            ps.setString(3, pid);
            ps.setString(4, prolificStudy);
            ps.setString(5, prolificSession);
            ps.setInt(6, group);
            ps.setString(7, PlanBuilder.groupLabel(spec, group));
            ps.setLong(8, seed);
            ps.setString(9, LiveSessions.write(PlanBuilder.build(spec, group, seed)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String newToken() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static void insertToken(Connection c, long participantId, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO participant_token (token_hash, participant_id, created_at) VALUES (?, ?, now())")) {
            ps.setBytes(1, LiveSessions.hash(token));
            ps.setLong(2, participantId);
            ps.executeUpdate();
        }
    }
}
