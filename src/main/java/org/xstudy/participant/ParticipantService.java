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
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xstudy.common.ProblemException;
import org.xstudy.participant.LiveStudies.StudyState;
import org.xstudy.study.Study;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.StudySpec;

/**
 * Participants' sessions: joining (balanced assignment, resume by Prolific id), finding the next step, and
 * storing answers. Every answer is committed before the next step is served, and each step is answered at most
 * once, so reloads, double submits and the back button never duplicate or lose an answer.
 *
 * <p>The answer path is the hot path of a running study, so it is kept to one short transaction per answer: the
 * sessions of active participants are held in memory (bounded, write-through: PostgreSQL is changed first, the
 * memory only after the commit) and a participant's requests are serialised on their session. The database's
 * {@code UNIQUE (participant_id, step_key, question)} still decides which of two racing answers counts, also
 * across servers; a session that loses such a race is read again from the database.
 */
@ApplicationScoped
public class ParticipantService {

    /** Values of {@code participant.status} this class sets or tests; the others come from {@link StepEngine}. */
    private static final String ACTIVE = "active";
    private static final String TIMED_OUT = "timed_out";

    /** How long a join waits behind other joins to the same study before it is answered 503. */
    private static final Duration JOIN_WAIT = Duration.ofSeconds(5);

    /** Showing a page refreshes the last-activity time when it is older than this (answers always do). */
    private static final Duration SEEN_RESOLUTION = Duration.ofSeconds(30);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<List<Step>> PLAN = new TypeReference<>() {};

    @Inject
    AgroalDataSource db;

    @Inject
    LiveStudies liveStudies;

    /** Token hash → participant id, and participant id → live session; both bounded, both rebuilt on demand. */
    private final Cache<ByteBuffer, Long> tokens;
    private final Cache<Long, Live> sessions;

    @Inject
    ParticipantService(@ConfigProperty(name = "xstudy.participant.live-sessions", defaultValue = "20000")
            int maxSessions) {
        tokens = Caffeine.newBuilder().maximumSize(2L * maxSessions).build();
        sessions = Caffeine.newBuilder().maximumSize(maxSessions).expireAfterAccess(Duration.ofHours(3)).build();
    }

    /** Answers faster than this after the step was shown (server clock) are flagged {@code too_fast}. */
    @ConfigProperty(name = "xstudy.participant.min-answer-ms",
            defaultValue = "300")
    int minAnswerMs;

    /** Why a participant cannot take a study now. */
    public enum Block { NOT_FOUND, PAUSED, CLOSED, FULL, TIMED_OUT, BUSY, NEEDS_PROOF }

    /** The outcome of a join: a session (with a new raw token when one was issued) or a block. */
    public record Join(Long participantId, String newToken, Block block) {}

    /** A participant's live session: where they stand in their plan. */
    public record Session(StudyState study, StudySpec spec, List<Step> plan, StepEngine.Position position,
            Block block) {}

    /**
     * Joins or resumes. Prolific ids (or {@code pid}) always map to the same participant, but a known id resumes
     * on a new device only with the {@code SESSION_ID} Prolific gave that participant ({@link Block#NEEDS_PROOF}
     * otherwise: the id alone is no secret). The place and its group are decided in PostgreSQL in the transaction
     * that writes the participant ({@link Places}), so the limit and the balance are exact under simultaneous joins
     * and across servers.
     */
    public Join join(String slug, String pid, String prolificStudy, String prolificSession, String cookieToken) {
        Optional<StudyState> found = liveStudies.bySlug(slug);
        if (found.isEmpty() || found.get().status().equals(Study.DRAFT)) {
            return new Join(null, null, Block.NOT_FOUND);
        }
        StudyState study = found.get();
        Block block = statusBlock(study.status());
        Live byCookie = cookieToken == null ? null : live(cookieToken).orElse(null);
        if (byCookie != null && byCookie.studyId == study.id()
                && (pid == null || pid.equals(byCookie.externalPid))) {
            return new Join(byCookie.id, null, byCookie.status.equals(ACTIVE) ? block : null);
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
                Places.Taken place = Places.take(c, study.id(), spec, timeoutMinutes(spec), JOIN_WAIT.toMillis());
                expired = place.expired();
                if (place.group() == Places.FULL) {
                    c.commit();
                    return new Join(null, null, Block.FULL);
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
                    if (!org.xstudy.account.Secrets.same(session, rs.getString(2))) {
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

    /**
     * Resumes the participant {@code publicId} of the study at {@code slug} with a new session token: for a resume
     * link the researcher issued (its signature is checked by {@link ResumeLinks}). Empty if there is none.
     */
    public Optional<Join> resumeByLink(long studyId, UUID publicId) {
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

    /** The public id of the participant with Prolific id (or {@code pid}) {@code pid} in the study, if any. */
    public Optional<UUID> publicId(long studyId, String pid) {
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
            ps.setString(9, write(PlanBuilder.build(spec, group, seed)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The session of a token in a study, marking the step it is about to show as shown. */
    public Optional<Session> current(String slug, String token) {
        return open(slug, token, Use.SHOW);
    }

    /**
     * The session of a token as {@link #current} would show it, when that needs neither the database nor a wait:
     * the session and its study are held in memory and fresh, no other request of the participant is being
     * handled, and showing the step changes nothing stored. Empty otherwise; then {@link #current} answers. This
     * lets the step page be served on the I/O thread, without a hand-off to a worker thread.
     */
    public Optional<Session> currentInMemory(String slug, String token) {
        Live live = plausible(token) ? held(ByteBuffer.wrap(hash(token))) : null;
        Optional<StudyState> study = live == null ? Optional.empty()
                : liveStudies.fresh(live.studyId).filter(st -> st.slug().equals(slug));
        if (study.isEmpty() || !live.lock.tryLock()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(state(study.get(), live, Use.GLANCE));
        } finally {
            live.lock.unlock();
        }
    }

    /** The session as it stands, writing nothing: to show a step again after a rejected answer. */
    public Optional<Session> peek(String slug, String token) {
        return open(slug, token, Use.PEEK);
    }

    /**
     * Stores the answer to {@code stepKey}. An answer to a step already answered changes nothing (a double submit or
     * the back button); an answer to a step that is not the participant's is refused. The answer rows and the
     * participant's new position are committed in one transaction before this returns.
     */
    public Session submit(String slug, String token, String stepKey, Map<String, String> form) {
        Live live = live(token).orElseThrow(() -> ProblemException.notFound("Session"));
        StudyState study = liveStudies.get(live.studyId).filter(st -> st.slug().equals(slug))
                .orElseThrow(() -> ProblemException.notFound("Session"));
        live.lock.lock();
        try {
            Session s = state(study, live, Use.ANSWER);
            if (s.block() != null || s.position().finished()) {
                return s;
            }
            Step step = s.plan().stream().filter(x -> x.key().equals(stepKey)).findFirst()
                    .orElseThrow(() -> ProblemException.badField("/step", "This step is not part of your study."));
            Step next = s.position().next();
            if (!next.key().equals(stepKey)) {
                int asked = s.plan().indexOf(step);
                if (asked < s.position().index() || live.done.containsKey(stepKey)) {
                    return s;
                }
                throw ProblemException.conflict("Please answer the current step first.");
            }
            List<AnswerValidator.Row> rows = AnswerValidator.rows(s.spec(), step, form);
            OffsetDateTime now = OffsetDateTime.now();
            OffsetDateTime shown = stepKey.equals(live.currentStep) && live.shownAt != null ? live.shownAt : now;
            Map<String, StepEngine.Outcome> done = new HashMap<>(live.done);
            done.put(stepKey, new StepEngine.Outcome(rows.size(),
                    (int) rows.stream().filter(r -> Boolean.TRUE.equals(r.correct())).count()));
            StepEngine.Position position = StepEngine.locate(s.spec(), s.plan(), done);
            Live after = live.copy();
            after.done = done;
            after.lastSeen = now;
            if (position.finished()) {
                after.status = position.finalStatus();
                after.finishedAt = now;
                after.currentStep = null;
                after.shownAt = null;
            } else {
                // the next step is shown by the redirect that follows at once; a later reload keeps this time
                after.currentStep = position.next().key();
                after.shownAt = now;
            }
            Integer clientMs = AnswerValidator.clientMillis(form);
            int serverMs = (int) Math.min(Integer.MAX_VALUE, Duration.between(shown, now).toMillis());
            if (!store(live, after, step, s.position().index(), rows, shown, now, clientMs, serverMs)) {
                // another tab or server stored an answer to this step first: show what is stored
                forget(live);
                Live fresh = live(token).orElseThrow(() -> ProblemException.notFound("Session"));
                fresh.lock.lock();
                try {
                    return state(study, fresh, Use.PEEK);
                } finally {
                    fresh.lock.unlock();
                }
            }
            live.apply(after);
            return new Session(study, s.spec(), s.plan(), position, null);
        } finally {
            live.lock.unlock();
        }
    }

    /**
     * How a session is being used: shown (marks the step shown), glanced at (shown only if that writes nothing),
     * peeked at (writes nothing) or answered.
     */
    private enum Use { SHOW, GLANCE, PEEK, ANSWER }

    private Optional<Session> open(String slug, String token, Use use) {
        Optional<Live> found = live(token);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Live live = found.get();
        Optional<StudyState> study = liveStudies.get(live.studyId).filter(st -> st.slug().equals(slug));
        if (study.isEmpty()) {
            return Optional.empty();
        }
        live.lock.lock();
        try {
            return Optional.of(state(study.get(), live, use));
        } finally {
            live.lock.unlock();
        }
    }

    /**
     * Where {@code live} stands; timeouts are persisted unless peeking, the shown step only when showing. Null when
     * glancing and the session would have to be written.
     */
    private Session state(StudyState study, Live live, Use use) {
        StudySpec spec = study.spec();
        OffsetDateTime now = OffsetDateTime.now();
        Block block = null;
        if (live.status.equals(ACTIVE)) {
            if (live.lastSeen.isBefore(now.minusMinutes(timeoutMinutes(spec)))) {
                if (use == Use.PEEK) {
                    return new Session(study, spec, live.plan, null, Block.TIMED_OUT);
                }
                if (use == Use.GLANCE) {
                    return null;
                }
                Live after = live.copy();
                after.status = TIMED_OUT;
                after.finishedAt = now;
                update(live, after);
            } else {
                block = statusBlock(study.status());
            }
        }
        if (live.status.equals(TIMED_OUT)) {
            return new Session(study, spec, live.plan, null, Block.TIMED_OUT);
        }
        StepEngine.Position position = StepEngine.locate(spec, live.plan, live.done);
        if (block == null && (use == Use.SHOW || use == Use.GLANCE)) {
            Live after = live.copy();
            if (position.finished() && live.status.equals(ACTIVE)) {
                after.status = position.finalStatus();
                after.finishedAt = now;
            }
            Step next = position.next();
            if (next != null && !next.key().equals(live.currentStep)) {
                after.currentStep = next.key();
                after.shownAt = now;
            }
            if (live.status.equals(ACTIVE) && live.lastSeen.isBefore(now.minus(SEEN_RESOLUTION))) {
                after.lastSeen = now;
            }
            if (!after.sameRow(live)) {
                if (use == Use.GLANCE) {
                    return null;
                }
                update(live, after);
            }
        }
        return new Session(study, spec, live.plan, position, block);
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
        }

        boolean sameRow(Live o) {
            return status.equals(o.status) && Objects.equals(currentStep, o.currentStep)
                    && Objects.equals(shownAt, o.shownAt) && lastSeen.equals(o.lastSeen)
                    && Objects.equals(finishedAt, o.finishedAt);
        }
    }

    /** The live session of a token, read from the database when it is not in memory. */
    private Optional<Live> live(String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        ByteBuffer key = ByteBuffer.wrap(hash(token));
        Live live = held(key);
        if (live != null) {
            return Optional.of(live);
        }
        return fetch(key.array()).map(loaded -> {
            tokens.put(key, loaded.id);
            return sessions.asMap().merge(loaded.id, loaded, (old, fresh) -> old);
        });
    }

    private static boolean plausible(String token) {
        return token != null && token.length() >= 20 && token.length() <= 100;
    }

    /** The session of a token hash when it is held in memory, else null. */
    private Live held(ByteBuffer tokenHash) {
        Long id = tokens.getIfPresent(tokenHash);
        return id == null ? null : sessions.getIfPresent(id);
    }

    /** A participant row as read, before its plan is bound against the study. */
    private record Stored(long id, long studyId, String plan, String externalPid, String status, String currentStep,
            OffsetDateTime shownAt, OffsetDateTime lastSeen, OffsetDateTime finishedAt) {}

    private Optional<Live> fetch(byte[] tokenHash) {
        Stored row;
        Map<String, StepEngine.Outcome> done = new HashMap<>();
        // the connection is given back before the study is looked up, which may need one of its own
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.study_id, p.plan::text, p.external_pid, "
                    + "p.status, p.current_step, p.current_shown_at, p.last_seen_at, p.finished_at "
                    + "FROM participant_token t JOIN participant p ON p.id = t.participant_id "
                    + "WHERE t.token_hash = ?")) {
                ps.setBytes(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    row = new Stored(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getObject(7, OffsetDateTime.class),
                            rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class));
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
        return liveStudies.get(row.studyId()).map(study -> {
            Live live = new Live(row.id(), row.studyId(), study.intern(read(row.plan())));
            live.externalPid = row.externalPid();
            live.status = row.status();
            live.currentStep = row.currentStep();
            live.shownAt = row.shownAt();
            live.lastSeen = row.lastSeen();
            live.finishedAt = row.finishedAt();
            live.done = done;
            return live;
        });
    }

    /** Writes the participant row: its status, the step shown and when, last activity, finishing time. */
    private static final String UPDATE_ROW = "UPDATE participant SET status = ?, current_step = ?, "
            + "current_shown_at = ?, last_seen_at = ?, finished_at = ? WHERE id = ?";

    /**
     * Commits the answer rows and the participant's new state {@code after} in one statement (a data-modifying
     * {@code WITH}, run in autocommit mode: one round trip, one transaction). False when a row for one of the
     * questions exists already (another tab or server answered first): the unique key fails the whole statement,
     * so nothing of it is written.
     */
    private boolean store(Live live, Live after, Step step, int index, List<AnswerValidator.Row> rows,
            OffsetDateTime shown, OffsetDateTime now, Integer clientMs, int serverMs) {
        StringBuilder sql = new StringBuilder("WITH answer AS (INSERT INTO response (study_id, participant_id, "
                + "step_key, step_index, phase, kind, item_key, perturbation_key, condition, explanation, question, "
                + "answer, correct, model_output, gold, shown_at, answered_at, client_rt_ms, server_rt_ms, too_fast) "
                + "VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        sql.append(") ").append(UPDATE_ROW);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int k = 0;
            for (AnswerValidator.Row r : rows) {
                ps.setLong(++k, live.studyId);
                ps.setLong(++k, live.id);
                ps.setString(++k, step.key());
                ps.setInt(++k, index);
                ps.setString(++k, step.phase());
                ps.setString(++k, step.kind());
                ps.setString(++k, step.item());
                ps.setString(++k, step.perturbation());
                ps.setString(++k, step.condition());
                ps.setString(++k, step.explanation());
                ps.setString(++k, r.question());
                ps.setString(++k, r.answer());
                ps.setObject(++k, r.correct(), Types.BOOLEAN);
                ps.setString(++k, r.modelOutput());
                ps.setString(++k, r.gold());
                ps.setObject(++k, shown);
                ps.setObject(++k, now);
                ps.setObject(++k, clientMs, Types.INTEGER);
                ps.setInt(++k, serverMs);
                ps.setBoolean(++k, serverMs < minAnswerMs);
            }
            bindRow(ps, k, live.id, after);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                // UNIQUE (participant_id, step_key, question), the only unique key a new row can violate
                return false;
            }
            forget(live);
            throw new IllegalStateException("storing an answer failed", e);
        }
    }

    /** Writes the participant row of {@code after}, then takes it over into {@code live}. */
    private void update(Live live, Live after) {
        try (Connection c = db.getConnection()) {
            writeRow(c, live.id, after);
        } catch (SQLException e) {
            forget(live);
            throw new IllegalStateException("updating a participant session failed", e);
        }
        live.apply(after);
    }

    private static void writeRow(Connection c, long id, Live row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE_ROW)) {
            bindRow(ps, 0, id, row);
            ps.executeUpdate();
        }
    }

    /** Binds the parameters of {@link #UPDATE_ROW} after the first {@code offset} ones. */
    private static void bindRow(PreparedStatement ps, int offset, long id, Live row) throws SQLException {
        ps.setString(offset + 1, row.status);
        ps.setString(offset + 2, row.currentStep);
        ps.setObject(offset + 3, row.shownAt);
        ps.setObject(offset + 4, row.lastSeen);
        ps.setObject(offset + 5, row.finishedAt);
        ps.setLong(offset + 6, id);
    }

    private void forget(Live live) {
        sessions.asMap().remove(live.id, live);
    }

    private static int timeoutMinutes(StudySpec spec) {
        return spec.participants() == null ? 60 : spec.participants().timeout();
    }

    private static Block statusBlock(String studyStatus) {
        return switch (studyStatus) {
            case Study.OPEN -> null;
            case Study.PAUSED -> Block.PAUSED;
            case Study.CLOSED -> Block.CLOSED;
            default -> Block.NOT_FOUND;
        };
    }

    private static String newToken() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static void insertToken(Connection c, long participantId, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO participant_token (token_hash, participant_id, created_at) VALUES (?, ?, now())")) {
            ps.setBytes(1, hash(token));
            ps.setLong(2, participantId);
            ps.executeUpdate();
        }
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
