package org.xstudy.export;

import org.xstudy.analysis.Answer;

/**
 * One answer as exported: the tidy long format has one of these per row. Timestamps are ISO-8601 UTC strings.
 *
 * @param participant pseudonymous participant id
 * @param prolificPid the raw Prolific PID; only filled when the researcher asks for it
 * @param exclusionReasons the exclusion rules that fired for the participant, separated by ';' (empty if kept)
 * @param session the participant's session (the same on all their rows)
 * @param storedCorrect correctness as scored when the answer was stored, or null to derive it here
 */
public record ExportRow(String study, String participant, String prolificPid, String condition, String phase,
                        Answer.Kind kind, String item, int trialPosition, String explanationType,
                        String explanationMethod, String explanationVersion, String question, String answer,
                        String modelOutput, String goldLabel, String ratingScale, Integer ratingValue,
                        String shownAt, String answeredAt, Long clientResponseMs, Long serverResponseMs,
                        Session session, String exclusionReasons, Boolean storedCorrect) {

    /** The statistics' view of this row. */
    public Answer toAnswer() {
        Long rt = clientResponseMs != null ? clientResponseMs : serverResponseMs;
        // an attention check is passed when the guess equals the instructed answer: stored rows only keep the verdict
        String gold = kind == Answer.Kind.ATTENTION && storedCorrect != null
                ? (storedCorrect ? answer : null) : goldLabel;
        return new Answer(participant, condition, phase, item, trialPosition, kind, answer, modelOutput, gold,
                ratingScale, ratingValue, rt);
    }

    public boolean completed() {
        return session.completed();
    }

    public boolean excluded() {
        return exclusionReasons != null && !exclusionReasons.isEmpty();
    }

    /** Whether the guess equals the model output, for simulation answers; null otherwise. */
    public Boolean correct() {
        if (storedCorrect != null) {
            return storedCorrect;
        }
        Answer a = toAnswer();
        if (kind == Answer.Kind.ATTENTION || kind == Answer.Kind.COMPREHENSION) {
            return answer != null && answer.equals(goldLabel);
        }
        return a.isSimulation() ? a.simulationCorrect() : null;
    }

    public ExportRow withExclusion(String reasons) {
        return new ExportRow(study, participant, prolificPid, condition, phase, kind, item, trialPosition,
                explanationType, explanationMethod, explanationVersion, question, answer, modelOutput, goldLabel,
                ratingScale, ratingValue, shownAt, answeredAt, clientResponseMs, serverResponseMs, session,
                reasons, storedCorrect);
    }
}
