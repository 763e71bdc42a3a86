package org.xstudy.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the exclusion rules look at for one participant.
 *
 * @param medianResponseMs median response time over all answers, or null when none has a time
 * @param fastAnswers answers the server flagged too fast when it stored them ({@code response.too_fast}); only
 *     stored answers carry the flag, so statistics computed from {@link Answer}s alone count none
 */
public record ParticipantStats(String id, boolean completed, int attentionChecks, int attentionFailures,
                               Double medianResponseMs, int fastAnswers) {

    /** Computes the stats of every participant from their answers; participants without answers get zeros. */
    public static List<ParticipantStats> of(List<Participant> participants, List<Answer> answers) {
        Map<String, int[]> attention = new HashMap<>();
        Map<String, List<Long>> times = new HashMap<>();
        for (Answer a : answers) {
            if (a.kind() == Answer.Kind.ATTENTION) {
                int[] counts = attention.computeIfAbsent(a.participantId(), k -> new int[2]);
                counts[0]++;
                if (a.guess() == null || !a.guess().equals(a.goldLabel())) {
                    counts[1]++;
                }
            }
            if (a.responseTimeMs() != null) {
                times.computeIfAbsent(a.participantId(), k -> new ArrayList<>()).add(a.responseTimeMs());
            }
        }
        Map<String, ParticipantStats> out = new LinkedHashMap<>();
        for (Participant p : participants) {
            int[] att = attention.getOrDefault(p.id(), new int[2]);
            List<Long> t = times.get(p.id());
            out.put(p.id(), new ParticipantStats(p.id(), p.completed(), att[0], att[1],
                    t == null || t.isEmpty() ? null : median(t), 0));
        }
        return new ArrayList<>(out.values());
    }

    static double median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
