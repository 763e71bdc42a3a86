package org.xstudy.participant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.xstudy.common.ProblemException;
import org.xstudy.participant.LiveSessions.Live;
import org.xstudy.participant.LiveStudies.StudyState;
import org.xstudy.study.Study;
import org.xstudy.study.spec.StudySpec;

/**
 * Participants' sessions: joining ({@link Assignment}), finding the next step, and storing answers
 * ({@link AnswerStore}). Every answer is committed before the next step is served, and each step is answered at most
 * once, so reloads, double submits and the back button never duplicate or lose an answer.
 *
 * <p>The answer path is the hot path of a running study, so it is kept to one short transaction per answer: the
 * sessions of active participants are held in memory ({@link LiveSessions}, write-through: PostgreSQL is changed
 * first, the memory only after the commit) and a participant's requests are serialised on their session. Any number
 * of servers may share the database, and any of a participant's requests may reach any of them: a page is shown
 * only from a copy whose version matches the row's, and every write is conditional on the version it was computed
 * from, so a copy that another server has overtaken is read again, never shown or written back. The database's
 * {@code UNIQUE (participant_id, step_key, question)} still decides which of two racing answers counts.
 */
@ApplicationScoped
public class ParticipantService {

    /** Values of {@code participant.status} this class sets or tests; the others come from {@link StepEngine}. */
    static final String ACTIVE = "active";
    private static final String TIMED_OUT = "timed_out";

    /** Showing a page refreshes the last-activity time when it is older than this (answers always do). */
    private static final Duration SEEN_RESOLUTION = Duration.ofSeconds(30);

    @Inject
    LiveStudies liveStudies;

    @Inject
    LiveSessions sessions;

    @Inject
    AnswerStore store;

    @Inject
    Assignment assignment;

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
        return assignment.join(slug, pid, prolificStudy, prolificSession, cookieToken);
    }

    /**
     * Resumes the participant {@code publicId} of the study at {@code slug} with a new session token: for a resume
     * link the researcher issued (its signature is checked by {@link ResumeLinks}). Empty if there is none.
     */
    public Optional<Join> resumeByLink(long studyId, UUID publicId) {
        return assignment.resumeByLink(studyId, publicId);
    }

    /** The public id of the participant with Prolific id (or {@code pid}) {@code pid} in the study, if any. */
    public Optional<UUID> publicId(long studyId, String pid) {
        return assignment.publicId(studyId, pid);
    }

    /** How often a request tries again after another server changed the participant's row under it. */
    private static final int ATTEMPTS = 3;

    /** The session of a token in a study, marking the step it is about to show as shown. */
    public Optional<Session> current(String slug, String token) {
        return open(slug, token, Use.SHOW);
    }

    /** The session as it stands, writing nothing: to show a step again after a rejected answer. */
    public Optional<Session> peek(String slug, String token) {
        return open(slug, token, Use.PEEK);
    }

    /**
     * Stores the answer to {@code stepKey}. An answer to a step already answered changes nothing (a double submit or
     * the back button); an answer to a step that is not the participant's is refused. The answer rows and the
     * participant's new position are committed in one transaction before this returns. The memory copy of the
     * session is trusted only as far as the row's version allows: when another server has moved the participant on
     * meanwhile, the write fails as a whole and the answer is judged again against the row as stored.
     */
    public Session submit(String slug, String token, String stepKey, Map<String, String> form) {
        Live live = sessions.held(token);
        boolean checked = false;
        if (live == null) {
            live = sessions.checked(token).orElseThrow(() -> ProblemException.notFound("Session"));
            checked = true;
        }
        for (int attempt = 1; ; attempt++) {
            StudyState study = study(live, slug).orElseThrow(() -> ProblemException.notFound("Session"));
            live.lock.lock();
            try {
                return answer(study, live, stepKey, form, checked);
            } catch (StaleSession e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("participant " + live.id + " kept changing under an answer");
                }
            } finally {
                live.lock.unlock();
            }
            sessions.forget(live);
            live = sessions.checked(token).orElseThrow(() -> ProblemException.notFound("Session"));
            checked = true;
        }
    }

    /** {@link #submit} against {@code live} ({@code checked}: just compared with its row), holding its lock. */
    private Session answer(StudyState study, Live live, String stepKey, Map<String, String> form, boolean checked) {
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
            if (!checked) {
                // the step may have become current on another server
                throw StaleSession.INSTANCE;
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
        if (!store.store(study, live, after, step, s.position().index(), rows, shown, now, clientMs, serverMs)) {
            // another tab or server changed the participant first: judge the answer again against the stored row
            throw StaleSession.INSTANCE;
        }
        return new Session(study, s.spec(), s.plan(), position, null);
    }

    /**
     * How a session is being used: shown (marks the step shown), peeked at (writes nothing) or answered.
     */
    private enum Use { SHOW, PEEK, ANSWER }

    /** The memory copy of a session is older than its row: another server or tab changed the participant. */
    private static final class StaleSession extends RuntimeException {
        static final StaleSession INSTANCE = new StaleSession();

        private StaleSession() {
            super(null, null, false, false);
        }
    }

    /**
     * A page of the session: always from a memory copy just compared with the row's version, so that a page never
     * shows a step already answered through another server.
     */
    private Optional<Session> open(String slug, String token, Use use) {
        for (int attempt = 1; ; attempt++) {
            Optional<Live> found = sessions.checked(token);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Live live = found.get();
            Optional<StudyState> study = study(live, slug);
            if (study.isEmpty()) {
                return Optional.empty();
            }
            live.lock.lock();
            try {
                return Optional.of(state(study.get(), live, use));
            } catch (StaleSession e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("participant " + live.id + " kept changing under a page");
                }
                sessions.forget(live);
            } finally {
                live.lock.unlock();
            }
        }
    }

    private Optional<StudyState> study(Live live, String slug) {
        return liveStudies.get(live.studyId).filter(st -> st.slug().equals(slug));
    }

    /** Where {@code live} stands; timeouts are persisted unless peeking, the shown step only when showing. */
    private Session state(StudyState study, Live live, Use use) {
        StudySpec spec = study.spec();
        OffsetDateTime now = OffsetDateTime.now();
        Block block = null;
        if (live.status.equals(ACTIVE)) {
            if (live.lastSeen.isBefore(now.minusMinutes(timeoutMinutes(spec)))) {
                if (use == Use.PEEK) {
                    return new Session(study, spec, live.plan, null, Block.TIMED_OUT);
                }
                Live after = live.copy();
                after.status = TIMED_OUT;
                after.finishedAt = now;
                write(study, live, after);
            } else {
                block = statusBlock(study.status());
            }
        }
        if (live.status.equals(TIMED_OUT)) {
            return new Session(study, spec, live.plan, null, Block.TIMED_OUT);
        }
        StepEngine.Position position = StepEngine.locate(spec, live.plan, live.done);
        if (block == null && use == Use.SHOW) {
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
                write(study, live, after);
            }
        }
        return new Session(study, spec, live.plan, position, block);
    }

    private void write(StudyState study, Live live, Live after) {
        if (!store.update(study, live, after)) {
            throw StaleSession.INSTANCE;
        }
    }

    static int timeoutMinutes(StudySpec spec) {
        return spec.participants() == null ? 60 : spec.participants().timeout();
    }

    static Block statusBlock(String studyStatus) {
        return switch (studyStatus) {
            case Study.OPEN -> null;
            case Study.PAUSED -> Block.PAUSED;
            case Study.CLOSED -> Block.CLOSED;
            default -> Block.NOT_FOUND;
        };
    }
}
