package org.xstudy.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.xstudy.analysis.Answer;

/** Running per-participant aggregate of export rows, one line of the wide CSV. */
public final class ParticipantSummary {

    final String study;
    final String participant;
    final String prolificPid;
    final Session session;
    final Map<String, String> questionnaire = new HashMap<>();
    final Set<String> conditions = new LinkedHashSet<>();
    final Map<String, int[]> accuracy = new TreeMap<>();
    final Map<String, double[]> ratings = new TreeMap<>();
    final List<Long> times = new ArrayList<>();
    final List<String> simulatedItems = new ArrayList<>();
    String exclusionReasons;
    int answers;
    int attentionChecks;
    int attentionFailures;

    ParticipantSummary(ExportRow first) {
        this.study = first.study();
        this.participant = first.participant();
        this.prolificPid = first.prolificPid();
        this.session = first.session();
    }

    void add(ExportRow r) {
        answers++;
        exclusionReasons = r.exclusionReasons();
        if (r.condition() != null) {
            conditions.add(r.condition());
        }
        Answer a = r.toAnswer();
        if (a.responseTimeMs() != null) {
            times.add(a.responseTimeMs());
        }
        if (a.isSimulation()) {
            String kind = a.kind().name().toLowerCase();
            count(kind, a.simulationCorrect());
            if (a.condition() != null) {
                count(byCondition(kind, a.condition()), a.simulationCorrect());
            }
            if (a.itemKey() != null) {
                simulatedItems.add(a.itemKey());
            }
            if (a.kind() == Answer.Kind.FORWARD && (Answer.PRE.equals(a.phase()) || Answer.POST.equals(a.phase()))) {
                count(a.phase(), a.simulationCorrect());
            }
        } else if (a.kind() == Answer.Kind.ATTENTION) {
            attentionChecks++;
            attentionFailures += Boolean.TRUE.equals(r.correct()) ? 0 : 1;
        } else if (a.kind() == Answer.Kind.FREE_TEXT) {
            questionnaire.put(r.phase() + '\u0000' + r.question(), r.answer());
        } else if (a.kind() == Answer.Kind.RATING && a.ratingValue() != null) {
            rate(a.ratingScale(), a.ratingValue());
            if (a.condition() != null) {
                rate(byCondition(a.ratingScale(), a.condition()), a.ratingValue());
            }
        }
    }

    /** The key of a kind's or scale's figures under one condition. */
    static String byCondition(String key, String condition) {
        return key + '\u0000' + condition;
    }

    private void rate(String key, int value) {
        double[] s = ratings.computeIfAbsent(key, k -> new double[2]);
        s[0] += value;
        s[1]++;
    }

    /**
     * The mean of a numeric or true/false item covariate (true = 1) over this participant's simulation answers,
     * each answer counting once; null when none of their items has it as a number or true/false.
     */
    Double covariateMean(Map<String, Map<String, Object>> covariates, String name) {
        double sum = 0;
        int n = 0;
        for (String item : simulatedItems) {
            Object v = covariates.getOrDefault(item, Map.of()).get(name);
            if (v instanceof Number x) {
                sum += x.doubleValue();
                n++;
            } else if (v instanceof Boolean b) {
                sum += b ? 1 : 0;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private void count(String key, boolean correct) {
        int[] c = accuracy.computeIfAbsent(key, k -> new int[2]);
        c[0] += correct ? 1 : 0;
        c[1]++;
    }

    /** The participant's answer to a question outside the trials, typed as its column, or null. */
    Object answerTo(Questionnaire.Question q) {
        return q.value(questionnaire.get(q.phase() + '\u0000' + q.id()));
    }

    Integer answersOf(String key) {
        int[] c = accuracy.get(key);
        return c == null ? null : c[1];
    }

    Double accuracyOf(String key) {
        int[] c = accuracy.get(key);
        return c == null ? null : (double) c[0] / c[1];
    }

    Double ratingMean(String scale) {
        double[] s = ratings.get(scale);
        return s == null ? null : s[0] / s[1];
    }

    Integer ratingCount(String scale) {
        double[] s = ratings.get(scale);
        return s == null ? null : (int) s[1];
    }

    Double medianResponseMs() {
        if (times.isEmpty()) {
            return null;
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
