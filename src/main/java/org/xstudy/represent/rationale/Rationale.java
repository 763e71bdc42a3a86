package org.xstudy.represent.rationale;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.verbal.FunctionWords;
import org.xstudy.represent.render.Scores;

/**
 * An extractive rationale: the words of a saliency map that support the explained class most, chosen as the top
 * k words, the top k% of words, or every word whose score reaches a fraction of the strongest |score| (which gives
 * contiguous spans). Only positive scores are evidence; ties are broken by position.
 *
 * @param words the chosen word indices, ascending
 * @param spans runs of consecutive chosen words, as {@code [first, last]} word indices
 */
public record Rationale(Mode mode, double parameter, List<Integer> words, List<Span> spans) {

    /** How the words are chosen; {@code parameter} is k, the percentage, or the threshold in (0, 1]. */
    public enum Mode { TOP_K, TOP_PERCENT, THRESHOLD }

    /** Consecutive chosen words {@code first..last} (word indices, inclusive). */
    public record Span(int first, int last) {}

    public static Rationale select(List<TokenScore> scores, Mode mode, double parameter) {
        List<Integer> chosen = switch (mode) {
            case TOP_K -> top(scores, (int) parameter);
            case TOP_PERCENT -> top(scores, (int) Math.ceil(scores.size() * parameter / 100.0));
            case THRESHOLD -> above(scores, parameter);
        };
        List<Integer> sorted = chosen.stream().sorted().toList();
        return new Rationale(mode, parameter, sorted, spans(sorted));
    }

    /**
     * The scores with every punctuation or function word ({@link FunctionWords}) set to 0, so that no rationale
     * selects one: lay readers get no evidence from "the", "of" or "'" (setting
     * {@code xstudy.represent.content-words-only}, on by default).
     */
    public static List<TokenScore> contentWordsOnly(List<TokenScore> scores) {
        return scores.stream().map(s -> FunctionWords.skip(s.token())
                ? new TokenScore(s.token(), s.start(), s.end(), 0) : s).toList();
    }

    /**
     * The rationale frozen in a study payload ({@code method: "rationale"}): the words whose score is positive
     * (the generator stores 1 for chosen words and 0 for the others).
     */
    public static Rationale frozen(List<TokenScore> marks) {
        List<Integer> chosen = IntStream.range(0, marks.size()).filter(i -> marks.get(i).score() > 0).boxed().toList();
        return new Rationale(Mode.TOP_K, chosen.size(), chosen, spans(chosen));
    }

    /** Checks a mode's parameter; the message is null when it is valid. */
    public static String problem(Mode mode, double parameter) {
        return switch (mode) {
            case TOP_K -> parameter >= 1 && parameter == Math.rint(parameter) ? null : "k must be a whole number >= 1";
            case TOP_PERCENT -> parameter > 0 && parameter <= 100 ? null : "percent must be in (0, 100]";
            case THRESHOLD -> parameter > 0 && parameter <= 1 ? null : "threshold must be in (0, 1]";
        };
    }

    private static List<Integer> top(List<TokenScore> scores, int k) {
        return IntStream.range(0, scores.size()).boxed()
                .filter(i -> scores.get(i).score() > 0)
                .sorted(Comparator.comparingDouble((Integer i) -> -scores.get(i).score()).thenComparing(i -> i))
                .limit(Math.max(0, k))
                .toList();
    }

    private static List<Integer> above(List<TokenScore> scores, double threshold) {
        double max = Scores.maxAbs(scores);
        return IntStream.range(0, scores.size()).boxed()
                .filter(i -> max > 0 && scores.get(i).score() > 0 && scores.get(i).score() / max >= threshold)
                .toList();
    }

    private static List<Span> spans(List<Integer> sorted) {
        List<Span> spans = new ArrayList<>();
        int k = 0;
        while (k < sorted.size()) {
            int first = sorted.get(k);
            int last = first;
            while (k + 1 < sorted.size() && sorted.get(k + 1) == last + 1) {
                last = sorted.get(++k);
            }
            spans.add(new Span(first, last));
            k++;
        }
        return List.copyOf(spans);
    }
}
