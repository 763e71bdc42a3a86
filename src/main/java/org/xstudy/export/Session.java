package org.xstudy.export;

import java.time.Duration;
import java.time.Instant;

/**
 * A participant's session as the exports report it. Timestamps are ISO-8601 UTC strings.
 *
 * @param status active, completed, screened_out, timed_out or declined
 * @param prolificStudyId Prolific's {@code STUDY_ID} from the join link, or null
 * @param prolificSessionId Prolific's {@code SESSION_ID}; like the PID it is only filled when the researcher asks
 *     for Prolific ids, since Prolific's own export links it to the PID
 * @param finishedAt when the session ended (completed, screened out, declined or timed out), or null while active
 * @param prolificStatus Prolific's status of the participant's submission (RETURNED, TIMED-OUT, REJECTED, APPROVED
 *     ...) as last synced from Prolific (docs/prolific.md), or null
 */
public record Session(String status, String prolificStudyId, String prolificSessionId, String startedAt,
                      String finishedAt, String prolificStatus) {

    public Session(String status, String prolificStudyId, String prolificSessionId, String startedAt,
            String finishedAt) {
        this(status, prolificStudyId, prolificSessionId, startedAt, finishedAt, null);
    }

    public static final String STATUSES = "active, completed, screened_out, timed_out, declined";

    public boolean completed() {
        return "completed".equals(status);
    }

    /**
     * Seconds from joining to finishing, or null while active and for a timed-out session (whose end is when the
     * server noticed, not when the participant stopped).
     */
    public Double durationSeconds() {
        if (startedAt == null || finishedAt == null || "timed_out".equals(status)) {
            return null;
        }
        return Duration.between(Instant.parse(startedAt), Instant.parse(finishedAt)).toMillis() / 1000.0;
    }
}
