package org.xstudy.represent.verbal;

import static org.xstudy.represent.verbal.TemplateVerbalizer.length;
import static org.xstudy.represent.verbal.TemplateVerbalizer.quote;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.render.Scores;

/**
 * The template verbalizer's search for magnitudes, such as absolute saliency: scores that say how strongly the
 * model's output reacts to a word but not whether the word speaks for or against a class. It lists the words with
 * the largest magnitude ({@link Template#SENSITIVE}, or {@link Template#CONFIDENCE_AND_SENSITIVE} with the
 * confidence) and never says "for", "against" or "because of". Of the sentences within the budget it keeps the one
 * that verbalizes the most magnitude; ties go to the shorter one.
 */
final class MagnitudeVerbalizer {

    private record Word(String text, double magnitude) {}

    private MagnitudeVerbalizer() {}

    static Verbalization verbalize(List<TokenScore> scores, String label, Double confidence,
            TemplateVerbalizer.Options options) {
        Map<String, Word> byWord = new LinkedHashMap<>();
        for (TokenScore s : scores) {
            if (!options.contentWordsOnly() || !FunctionWords.skip(s.token())) {
                byWord.merge(s.token().toLowerCase(Locale.ROOT), new Word(s.token(), Math.abs(s.score())),
                        (a, b) -> new Word(a.text(), a.magnitude() + b.magnitude()));
            }
        }
        List<Word> ranked = byWord.values().stream().filter(w -> w.magnitude() > 0)
                .sorted(Comparator.comparingDouble(Word::magnitude).reversed()).toList();
        double total = scores.stream().mapToDouble(s -> Math.abs(s.score())).sum();
        String percent = confidence == null ? null
                : String.format(Locale.ROOT, "%d%%", Math.round(confidence * 100));
        if (options.withConfidence() && percent == null) {
            throw new IllegalArgumentException("a confidence sentence needs the model's probability");
        }
        Template template = options.withConfidence() ? Template.CONFIDENCE_AND_SENSITIVE : Template.SENSITIVE;
        if (ranked.isEmpty()) {
            String none = Template.NO_SENSITIVITY.pattern();
            return new Verbalization(none, Template.NO_SENSITIVITY, Template.VERSION, 0, List.of(), List.of(),
                    length(none));
        }
        String best = null;
        int bestCount = 0;
        for (int n = 1; n <= Math.min(options.maxWordsPerSlot(), ranked.size()); n++) {
            String sentence = fill(template, ranked.subList(0, n), label, percent, options.showScores());
            if (length(sentence) <= options.budgetWords()) {
                best = sentence;
                bestCount = n;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no template fits a budget of " + options.budgetWords() + " words");
        }
        List<Word> cited = ranked.subList(0, bestCount);
        double covered = cited.stream().mapToDouble(Word::magnitude).sum();
        return new Verbalization(best, template, Template.VERSION, total == 0 ? 0 : covered / total,
                cited.stream().map(Word::text).toList(), List.of(), length(best));
    }

    private static String fill(Template t, List<Word> words, String label, String percent, boolean showScores) {
        List<String> items = words.stream().map(w -> quote(w.text())
                + (showScores ? " (" + Scores.format(w.magnitude()).replace("+", "") + ")" : "")).toList();
        String list = items.size() == 1 ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
        String out = t.pattern().replace("{Ewords}", words.size() == 1 ? "word" : "words").replace("{E}", list)
                .replace("{L}", quote(label));
        return percent == null ? out : out.replace("{P}", percent);
    }
}
