package org.xstudy.participant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.xstudy.study.spec.StudySpec;

/**
 * The places of a study, decided in PostgreSQL: a join takes a transaction-scoped advisory lock on its study, checks
 * that the study is open as stored (not as cached), frees the places of timed-out participants, counts the places taken per group (active and completed participants) and
 * picks the least-filled group, then writes its participant row in the same transaction. Joins to one study are
 * serialised by PostgreSQL, whichever server they reach, and a place counts from the moment its row commits, so
 * the participant limit and group balance are exact under simultaneous joins and across servers. Nothing is kept in
 * memory: there is no count to go stale. A participant whose Prolific submission was returned, timed out or
 * rejected (prolific/SubmissionSync) holds no place: Prolific gives it to someone else.
 */
final class Places {

    /** No place left. */
    static final int FULL = -1;

    /** The study is not open (any more): another server paused or closed it. */
    static final int NOT_OPEN = -2;

    /** First half of the advisory-lock key: joins (the second half is the study id). */
    private static final int JOIN_LOCK = 0x6a6f696e;

    /** A group to join (or {@link #FULL}) and the participants whose sessions timed out on the way. */
    record Taken(int group, List<Long> expired) {}

    private Places() {}

    /**
     * Takes a place in {@code c}'s transaction (auto-commit off); the lock holds until it commits or rolls back.
     *
     * @param waitMillis how long to wait behind other joins to the study; longer fails with SQLState 55P03
     */
    static Taken take(Connection c, long studyId, StudySpec spec, int timeoutMinutes, long waitMillis)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, true), "
                + "pg_advisory_xact_lock(?, ?)")) {
            ps.setString(1, waitMillis + "ms");
            ps.setInt(2, JOIN_LOCK);
            ps.setInt(3, (int) studyId);
            ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM study WHERE id = ?")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getString(1).equals(org.xstudy.study.Study.OPEN)) {
                    return new Taken(NOT_OPEN, List.of());
                }
            }
        }
        List<Long> expired = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE participant SET status = 'timed_out', "
                + "finished_at = now(), version = version + 1 WHERE study_id = ? AND status = 'active' "
                + "AND last_seen_at < now() - make_interval(mins => ?) RETURNING id")) {
            ps.setLong(1, studyId);
            ps.setInt(2, timeoutMinutes);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    expired.add(rs.getLong(1));
                }
            }
        }
        int groups = PlanBuilder.groups(spec);
        long[] load = new long[groups];
        try (PreparedStatement ps = c.prepareStatement("SELECT grp, count(*) FROM participant "
                + "WHERE study_id = ? AND status IN ('active', 'completed') "
                + "AND (prolific_status IS NULL OR prolific_status NOT IN ('RETURNED', 'TIMED-OUT', 'REJECTED')) "
                + "GROUP BY grp")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int g = rs.getInt(1);
                    if (g >= 0 && g < groups) {
                        load[g] = rs.getLong(2);
                    }
                }
            }
        }
        Integer max = spec.participants() == null ? null : spec.participants().maxParticipants();
        if (max != null && java.util.Arrays.stream(load).sum() >= max) {
            return new Taken(FULL, expired);
        }
        int group = 0;
        for (int g = 1; g < groups; g++) {
            if (load[g] < load[group]) {
                group = g;
            }
        }
        return new Taken(group, expired);
    }
}
