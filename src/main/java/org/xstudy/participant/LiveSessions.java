package org.xstudy.participant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xstudy.study.spec.SpecParser;

/**
 * Participants' sessions held in memory: the copy of each active participant's row and answered steps, found by
 * the hash of their session token. Bounded and rebuilt from PostgreSQL on demand; PostgreSQL is always changed
 * first ({@link AnswerStore}), the memory only after the commit.
 */
@ApplicationScoped
public class LiveSessions {

    private static final TypeReference<List<Step>> PLAN = new TypeReference<>() {};

    @Inject
    AgroalDataSource db;

    @Inject
    LiveStudies liveStudies;

    /** Token hash → participant id, and participant id → live session; both bounded, both rebuilt on demand. */
    private final Cache<ByteBuffer, Long> tokens;
    private final Cache<Long, Live> sessions;

    @Inject
    LiveSessions(@ConfigProperty(name = "xstudy.participant.live-sessions", defaultValue = "20000") int maxSessions) {
        tokens = Caffeine.newBuilder().maximumSize(2L * maxSessions).build();
        sessions = Caffeine.newBuilder().maximumSize(maxSessions).expireAfterAccess(Duration.ofHours(3)).build();
    }

    /**
     * A participant's session as stored: the memory copy of their participant row and answered steps. Its lock
     * serialises the participant's requests.
     */
    static final class Live {
        final ReentrantLock lock = new ReentrantLock();
        final long id;
        final long studyId;
        final List<Step> plan;
        String externalPid;
        String status;
        String currentStep;
        OffsetDateTime shownAt;
        OffsetDateTime lastSeen;
        OffsetDateTime finishedAt;
        Map<String, StepEngine.Outcome> done;
        /** {@code participant.version} of the row this copy matches; every write of the row increments it. */
        long version;

        Live(long id, long studyId, List<Step> plan) {
            this.id = id;
            this.studyId = studyId;
            this.plan = plan;
        }

        Live copy() {
            Live c = new Live(id, studyId, plan);
            c.externalPid = externalPid;
            c.apply(this);
            return c;
        }

        void apply(Live from) {
            status = from.status;
            currentStep = from.currentStep;
            shownAt = from.shownAt;
            lastSeen = from.lastSeen;
            finishedAt = from.finishedAt;
            done = from.done;
            version = from.version;
        }

        boolean sameRow(Live o) {
            return status.equals(o.status) && Objects.equals(currentStep, o.currentStep)
                    && Objects.equals(shownAt, o.shownAt) && lastSeen.equals(o.lastSeen)
                    && Objects.equals(finishedAt, o.finishedAt);
        }
    }

    /** The live session of a token, read from the database when it is not in memory. */
    Optional<Live> live(String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        ByteBuffer key = ByteBuffer.wrap(hash(token));
        Live live = held(key);
        return live != null ? Optional.of(live) : load(key);
    }

    /**
     * The live session of a token as stored now: the memory copy when its version is the row's (one primary-key
     * read), else read again from the database. Another server may have changed the row since this one last saw
     * it; this is what lets any server show any participant's page.
     */
    Optional<Live> checked(String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        ByteBuffer key = ByteBuffer.wrap(hash(token));
        Live live = held(key);
        if (live != null) {
            Long stored = storedVersion(live);
            if (stored != null && stored == live.version) {
                return Optional.of(live);
            }
            forget(live);
        }
        return load(key);
    }

    /** The version of {@code live}'s row, null if there is none; notes its study's status on the way. */
    private Long storedVersion(Live live) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT p.version, "
                + "s.status, s.revision FROM participant p JOIN study s ON s.id = p.study_id WHERE p.id = ?")) {
            ps.setLong(1, live.id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                liveStudies.observe(live.studyId, rs.getString(2), rs.getInt(3));
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading a participant's version failed", e);
        }
    }

    private Optional<Live> load(ByteBuffer key) {
        return fetch(key.array()).map(loaded -> {
            tokens.put(key, loaded.id);
            // a copy another request put meanwhile stays when it is at least as new
            return sessions.asMap().merge(loaded.id, loaded, (old, fresh) -> old.version >= fresh.version ? old : fresh);
        });
    }

    /** The live session of a token when it is held in memory, else null; reads nothing. */
    Live held(String token) {
        return plausible(token) ? held(ByteBuffer.wrap(hash(token))) : null;
    }

    /** Drops {@code live} from memory (if it is still the one held) so that its next use reads it again. */
    void forget(Live live) {
        sessions.asMap().remove(live.id, live);
    }

    /** Drops the session of participant {@code id} from memory. */
    void invalidate(long id) {
        sessions.invalidate(id);
    }

    private static boolean plausible(String token) {
        return token != null && token.length() >= 20 && token.length() <= 100;
    }

    private Live held(ByteBuffer tokenHash) {
        Long id = tokens.getIfPresent(tokenHash);
        return id == null ? null : sessions.getIfPresent(id);
    }

    /** A participant row as read, before its plan is bound against the study. */
    private record Stored(long id, long studyId, String plan, String externalPid, String status, String currentStep,
            OffsetDateTime shownAt, OffsetDateTime lastSeen, OffsetDateTime finishedAt, long version,
            String studyStatus, int studyRevision) {}

    private Optional<Live> fetch(byte[] tokenHash) {
        Stored row;
        Map<String, StepEngine.Outcome> done = new HashMap<>();
        // the connection is given back before the study is looked up, which may need one of its own
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.study_id, p.plan::text, p.external_pid, "
                    + "p.status, p.current_step, p.current_shown_at, p.last_seen_at, p.finished_at, p.version, "
                    + "s.status, s.revision FROM participant_token t JOIN participant p ON p.id = t.participant_id "
                    + "JOIN study s ON s.id = p.study_id "
                    + "WHERE t.token_hash = ?")) {
                ps.setBytes(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    row = new Stored(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getObject(7, OffsetDateTime.class),
                            rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                            rs.getLong(10), rs.getString(11), rs.getInt(12));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT step_key, count(*), count(*) FILTER (WHERE correct) "
                    + "FROM response WHERE participant_id = ? GROUP BY step_key")) {
                ps.setLong(1, row.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        done.put(rs.getString(1), new StepEngine.Outcome(rs.getInt(2), rs.getInt(3)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading a participant session failed", e);
        }
        liveStudies.observe(row.studyId(), row.studyStatus(), row.studyRevision());
        return liveStudies.get(row.studyId()).map(study -> {
            Live live = new Live(row.id(), row.studyId(), study.intern(read(row.plan())));
            live.externalPid = row.externalPid();
            live.status = row.status();
            live.currentStep = row.currentStep();
            live.shownAt = row.shownAt();
            live.lastSeen = row.lastSeen();
            live.finishedAt = row.finishedAt();
            live.done = done;
            live.version = row.version();
            return live;
        });
    }

    /** One SHA-256 instance per thread: looking the algorithm up costs more than hashing a token. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static byte[] hash(String token) {
        return SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));
    }

    static String write(List<Step> plan) {
        try {
            return SpecParser.json().writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Step> read(String plan) {
        try {
            return SpecParser.json().readValue(plan, PLAN);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan does not bind", e);
        }
    }
}
