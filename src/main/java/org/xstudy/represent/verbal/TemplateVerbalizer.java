package org.xstudy.represent.verbal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.render.Scores;

/**
 * Model-free, search-based verbalization of a saliency map (after Feldhus et al. 2023, "Saliency Map Verbalization:
 * Comparing Feature Importance Representations from Model-free and Instruction-based Methods"). For every
 * {@link Template} and every number of evidence and counter-evidence words (always the strongest ones), it renders
 * the sentence and keeps the one that verbalizes the most |attribution| within the word budget; ties go to the
 * shorter sentence. Words and scores come only from the saliency map, so every statement is true of it.
 */
public final class TemplateVerbalizer {

    /**
     * @param budgetWords the longest sentence allowed, in words
     * @param maxWordsPerSlot the most words one slot may list (and the longest passage)
     * @param showScores add each word's score in brackets
     * @param withConfidence use only the templates that state the model's confidence (needs a confidence)
     * @param signed false for magnitudes: then only the templates with no direction words are used
     */
    public record Options(int budgetWords, int maxWordsPerSlot, boolean showScores, boolean withConfidence,
            boolean contentWordsOnly, boolean signed) {

        /** Content words only ({@link FunctionWords}): lay readers get no evidence from "the", "of" or "'". */
        public Options(int budgetWords, int maxWordsPerSlot, boolean showScores, boolean withConfidence) {
            this(budgetWords, maxWordsPerSlot, showScores, withConfidence, true);
        }

        /** Options for signed scores. */
        public Options(int budgetWords, int maxWordsPerSlot, boolean showScores, boolean withConfidence,
                boolean contentWordsOnly) {
            this(budgetWords, maxWordsPerSlot, showScores, withConfidence, contentWordsOnly, true);
        }

        public static Options defaults() {
            return new Options(30, 5, false, false);
        }
    }

    /** The occurrences of one word (case-insensitive) and their positive and negative mass. */
    private record Group(String text, double positive, double negative) {}

    /** A contiguous run of supporting words. */
    private record Passage(String text, double positive, int words) {}

    private record Candidate(Template template, String text, double covered, int length, List<String> evidence,
            List<String> counter) {}

    private TemplateVerbalizer() {}

    /**
     * @param text the explained text (passages are quoted from it)
     * @param label the explained class; positive scores support it
     * @param confidence the model's probability of {@code label}, null if unknown
     * @throws IllegalArgumentException if no template fits the budget
     */
    public static Verbalization verbalize(String text, List<TokenScore> scores, String label, Double confidence,
            Options options) {
        return verbalize(text, scores, label, confidence, null, options);
    }

    /**
     * As above, knowing the model's {@code prediction} (null if unknown). When {@code label} is not the predicted
     * class, no template states "the model predicts {@code label}": the sentence first says what the model
     * predicts, then what speaks for or against {@code label}.
     */
    public static Verbalization verbalize(String text, List<TokenScore> scores, String label, Double confidence,
            ModelPrediction prediction, Options options) {
        if (prediction != null && prediction.differsFrom(label)) {
            Options plain = new Options(options.budgetWords(), options.maxWordsPerSlot(), options.showScores(), false,
                    options.contentWordsOnly(), options.signed());
            Verbalization v = verbalize(text, scores, label, null, null, plain);
            String stated = "The model predicts " + quote(prediction.label()) + (prediction.probability() == null ? ""
                    : String.format(Locale.ROOT, " with %d%% confidence", Math.round(prediction.probability() * 100)))
                    + "; this explanation is about " + quote(label) + ". ";
            return new Verbalization(stated + v.text(), v.template(), v.templateVersion(), v.coverage(), v.evidence(),
                    v.counterEvidence(), v.length() + length(stated));
        }
        Scores.requireValid(text, scores);
        if (!options.signed()) {
            return MagnitudeVerbalizer.verbalize(scores, label, confidence, options);
        }
        double total = scores.stream().mapToDouble(s -> Math.abs(s.score())).sum();
        Map<String, Group> groups = groups(scores, options.contentWordsOnly());
        // a word is cited on one side only: the side of its net score over all its occurrences
        List<Group> pro = groups.values().stream().filter(g -> g.positive() > g.negative())
                .map(g -> new Group(g.text(), g.positive() - g.negative(), 0))
                .sorted(Comparator.comparingDouble(Group::positive).reversed()).toList();
        List<Group> con = groups.values().stream().filter(g -> g.negative() > g.positive())
                .map(g -> new Group(g.text(), 0, g.negative() - g.positive()))
                .sorted(Comparator.comparingDouble(Group::negative).reversed()).toList();
        String quotedLabel = quote(label);
        String percent = confidence == null ? null
                : String.format(Locale.ROOT, "%d%%", Math.round(confidence * 100));
        List<Candidate> candidates = new ArrayList<>();
        for (Template t : Template.values()) {
            if (t.forMagnitudes() || t.needs("P") != options.withConfidence() || (t.needs("P") && percent == null)
                    || (t == Template.NO_EVIDENCE && total > 0)
                    // where there is evidence for the label, the sentence states its strongest piece
                    || (!pro.isEmpty() && !t.needs("E") && !t.needs("S"))) {
                continue;
            }
            if (t.needs("S")) {
                for (Passage p : passages(text, scores, options.maxWordsPerSlot())) {
                    if (pro.isEmpty() || !containsWord(p.text(), pro.get(0).text())) {
                        continue;
                    }
                    String sentence = fill(t, List.of(), List.of(), quote(p.text()), quotedLabel, percent, options);
                    candidates.add(new Candidate(t, sentence, p.positive(), length(sentence), List.of(p.text()),
                            List.of()));
                }
                continue;
            }
            int maxE = t.needs("E") ? Math.min(options.maxWordsPerSlot(), pro.size()) : 0;
            int maxC = t.needs("C") ? Math.min(options.maxWordsPerSlot(), con.size()) : 0;
            for (int e = t.needs("E") ? 1 : 0; e <= maxE; e++) {
                for (int c = t.needs("C") ? 1 : 0; c <= maxC; c++) {
                    List<Group> ev = pro.subList(0, e);
                    List<Group> co = con.subList(0, c);
                    double covered = ev.stream().mapToDouble(Group::positive).sum()
                            + co.stream().mapToDouble(Group::negative).sum();
                    String sentence = fill(t, ev, co, null, quotedLabel, percent, options);
                    candidates.add(new Candidate(t, sentence, covered, length(sentence),
                            ev.stream().map(Group::text).toList(), co.stream().map(Group::text).toList()));
                }
            }
        }
        Candidate best = candidates.stream().filter(c -> c.length() <= options.budgetWords())
                .max(Comparator.comparingDouble(Candidate::covered)
                        .thenComparing(Comparator.comparingInt(Candidate::length).reversed()))
                .orElseThrow(() -> new IllegalArgumentException(
                        "no template fits a budget of " + options.budgetWords() + " words"));
        return new Verbalization(best.text(), best.template(), Template.VERSION,
                total == 0 ? 0 : best.covered() / total, best.evidence(), best.counter(), best.length());
    }

    /** True if {@code word} occurs in {@code passage} as a whole word (case-insensitive). */
    private static boolean containsWord(String passage, String word) {
        return java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}])" + java.util.regex.Pattern.quote(word)
                + "(?![\\p{L}\\p{N}])", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(passage).find();
    }

    private static Map<String, Group> groups(List<TokenScore> scores, boolean contentWordsOnly) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (TokenScore s : scores) {
            if (contentWordsOnly && FunctionWords.skip(s.token())) {
                continue;
            }
            groups.merge(s.token().toLowerCase(Locale.ROOT),
                    new Group(s.token(), Math.max(0, s.score()), Math.max(0, -s.score())),
                    (a, b) -> new Group(a.text(), a.positive() + b.positive(), a.negative() + b.negative()));
        }
        return groups;
    }

    /** Windows of consecutive non-negative words that start and end on a supporting word, with no text between. */
    private static List<Passage> passages(String text, List<TokenScore> scores, int maxWords) {
        List<Passage> passages = new ArrayList<>();
        for (int first = 0; first < scores.size(); first++) {
            if (scores.get(first).score() <= 0) {
                continue;
            }
            double mass = 0;
            for (int last = first; last < scores.size() && last - first < maxWords; last++) {
                TokenScore word = scores.get(last);
                boolean joined = last == first
                        || text.substring(scores.get(last - 1).end(), word.start()).chars()
                                .noneMatch(Character::isLetterOrDigit);
                if (word.score() < 0 || !joined) {
                    break;
                }
                mass += word.score();
                if (word.score() > 0) {
                    passages.add(new Passage(text.substring(scores.get(first).start(), word.end()), mass,
                            last - first + 1));
                }
            }
        }
        return passages;
    }

    private static String fill(Template t, List<Group> evidence, List<Group> counter, String passage, String label,
            String percent, Options options) {
        String out = t.pattern()
                .replace("{Ewords}", evidence.size() == 1 ? "word" : "words")
                .replace("{Espeak}", evidence.size() == 1 ? "speaks" : "speak")
                .replace("{Cwords}", counter.size() == 1 ? "word" : "words")
                .replace("{Cspeak}", counter.size() == 1 ? "speaks" : "speak")
                .replace("{L}", label)
                .replace("{E}", list(evidence, true, options.showScores()))
                .replace("{C}", list(counter, false, options.showScores()));
        if (passage != null) {
            out = out.replace("{S}", passage);
        }
        return percent == null ? out : out.replace("{P}", percent);
    }

    private static String list(List<Group> groups, boolean positive, boolean showScores) {
        List<String> items = groups.stream().map(g -> quote(g.text())
                + (showScores ? " (" + Scores.format(positive ? g.positive() : -g.negative()) + ")" : "")).toList();
        if (items.size() <= 1) {
            return items.isEmpty() ? "" : items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    static String quote(String word) {
        return "\"" + word + "\"";
    }

    static int length(String sentence) {
        return sentence.trim().split("\\s+").length;
    }
}
