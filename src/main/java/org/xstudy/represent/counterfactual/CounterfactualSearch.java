package org.xstudy.represent.counterfactual;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xstudy.explain.TokenScore;
import org.xstudy.model.Embedder;
import org.xstudy.model.TextClassifier;
import org.xstudy.represent.examples.NearestExamples;

/**
 * Searches minimal fluent edits that flip a classifier's prediction by at least a margin, guided by attribution
 * scores: the content words that support the prediction most are edited first ({@link EditChoices}: content words
 * only, replacements in the tagged part of speech and inflected, compounds and expressions whole). A beam search adds
 * one edit per level, sending each level to the model in one batch; edit sets that flip too narrowly stay in the
 * beam and may grow. Every result is then made minimal (no single edit can be undone while still flipping by the
 * margin), ordered by fewest edits and then by meaning preservation (cosine of sentence embeddings), diversified
 * (different edited words first) and re-checked by running the model on the final texts.
 */
public final class CounterfactualSearch {

    /** The default least lead of the flipped class, as {@link CounterfactualSettings#minMargin()}. */
    public static final double DEFAULT_MIN_MARGIN = 0.2;

    /**
     * @param count how many counterfactuals to return at most
     * @param maxEdits the most edits in one counterfactual
     * @param maxWords how many of the most salient content words (or expressions) may be edited
     * @param substitutesPerWord replacements tried per word, besides deletion
     * @param beam non-flipping edit sets kept per level (those that lower the original class most)
     * @param minMargin the least lead of the flipped class over the runner-up ({@link #margin})
     */
    public record Options(int count, int maxEdits, int maxWords, int substitutesPerWord, int beam, double minMargin) {

        public Options(int count, int maxEdits, int maxWords, int substitutesPerWord, int beam) {
            this(count, maxEdits, maxWords, substitutesPerWord, beam, DEFAULT_MIN_MARGIN);
        }

        public static Options defaults() {
            return new Options(3, 3, 8, 4, 24);
        }
    }

    private final TextClassifier model;
    private final EditChoices choices;
    private final Embedder embedder;

    /** @param lexicon ranks substitutes by polarity reversal; may be null */
    public CounterfactualSearch(TextClassifier model, List<SubstitutionSource> sources, OpinionLexicon lexicon) {
        this(model, sources, lexicon, null);
    }

    /** @param embedder gives the meaning-preservation score; may be null (no score) */
    public CounterfactualSearch(TextClassifier model, List<SubstitutionSource> sources, OpinionLexicon lexicon,
            Embedder embedder) {
        this.model = model;
        this.choices = new EditChoices(sources, lexicon);
        this.embedder = embedder;
    }

    public List<Counterfactual> search(String text, List<TokenScore> words, Options options) {
        double[] original = model.predictProba(List.of(text))[0];
        int label = argmax(original);
        Map<Integer, List<Edit>> edits = choices.salient(text, words, options.maxWords(),
                options.substitutesPerWord());
        List<List<Edit>> found = new ArrayList<>();
        List<List<Edit>> frontier = List.of(List.of());
        for (int level = 1; level <= options.maxEdits() && !frontier.isEmpty(); level++) {
            List<List<Edit>> states = grow(frontier, edits, found);
            double[][] p = predict(text, words, states);
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < states.size(); i++) {
                if (flips(p[i], label, options.minMargin())) {
                    found.add(states.get(i));
                } else {
                    kept.add(i);
                }
            }
            frontier = kept.stream().sorted(Comparator.comparingDouble(i -> p[i][label])).limit(options.beam())
                    .map(states::get).toList();
            if (found.size() >= options.count() * 4) {
                break;
            }
        }
        List<List<Edit>> minimal = minimise(text, words, found, label, options.minMargin());
        Map<List<Edit>, Double> meaning = meaning(text, words, minimal);
        List<List<Edit>> ordered = minimal.stream().sorted(Comparator.comparingInt((List<Edit> c) -> c.size())
                .thenComparingDouble(c -> -meaning.getOrDefault(c, 0.0))).toList();
        return recheck(text, words, diverse(ordered, options.count()), original, label, meaning, options.minMargin());
    }

    /** Every edit set of the frontier with one more edit of another word, none containing one already found. */
    private static List<List<Edit>> grow(List<List<Edit>> frontier, Map<Integer, List<Edit>> edits,
            List<List<Edit>> found) {
        Map<String, List<Edit>> next = new LinkedHashMap<>();
        for (List<Edit> state : frontier) {
            Set<Integer> used = new HashSet<>();
            state.forEach(e -> used.add(e.word()));
            for (Map.Entry<Integer, List<Edit>> word : edits.entrySet()) {
                if (used.contains(word.getKey())) {
                    continue;
                }
                for (Edit edit : word.getValue()) {
                    List<Edit> grown = new ArrayList<>(state);
                    grown.add(edit);
                    grown.sort(Comparator.comparingInt(Edit::word));
                    if (found.stream().noneMatch(grown::containsAll)) {
                        next.putIfAbsent(key(grown), List.copyOf(grown));
                    }
                }
            }
        }
        return new ArrayList<>(next.values());
    }

    /** Replaces each edit set by a reduction that still flips, until none of its single-edit reductions flips. */
    private List<List<Edit>> minimise(String text, List<TokenScore> words, List<List<Edit>> found, int label,
            double minMargin) {
        List<List<Edit>> current = new ArrayList<>(found);
        boolean changed = true;
        while (changed) {
            changed = false;
            List<List<Edit>> reductions = new ArrayList<>();
            List<Integer> owner = new ArrayList<>();
            for (int i = 0; i < current.size(); i++) {
                for (List<Edit> r : reductions(current.get(i))) {
                    reductions.add(r);
                    owner.add(i);
                }
            }
            double[][] p = predict(text, words, reductions);
            for (int j = 0; j < reductions.size(); j++) {
                int i = owner.get(j);
                if (flips(p[j], label, minMargin) && current.get(i).size() > reductions.get(j).size()) {
                    current.set(i, reductions.get(j));
                    changed = true;
                }
            }
        }
        Map<String, List<Edit>> unique = new LinkedHashMap<>();
        current.forEach(c -> unique.putIfAbsent(key(c), c));
        return new ArrayList<>(unique.values());
    }

    static List<List<Edit>> reductions(List<Edit> edits) {
        if (edits.size() < 2) {
            return List.of();
        }
        List<List<Edit>> out = new ArrayList<>();
        for (int drop = 0; drop < edits.size(); drop++) {
            List<Edit> r = new ArrayList<>(edits);
            r.remove(drop);
            out.add(r);
        }
        return out;
    }

    /** The cosine of each candidate's sentence embedding with the original's, in one batched call. */
    private Map<List<Edit>, Double> meaning(String text, List<TokenScore> words, List<List<Edit>> candidates) {
        Map<List<Edit>, Double> out = new HashMap<>();
        if (embedder == null || candidates.isEmpty()) {
            return out;
        }
        List<String> texts = new ArrayList<>();
        texts.add(text);
        candidates.forEach(c -> texts.add(Edit.apply(text, words, c)));
        double[][] e = embedder.embed(texts);
        for (int i = 0; i < candidates.size(); i++) {
            out.put(candidates.get(i), Math.max(-1, Math.min(1, NearestExamples.cosine(e[0], e[i + 1]))));
        }
        return out;
    }

    /** Fewest edits first (as ordered); then prefers edit sets touching words no chosen one touches. */
    private static List<List<Edit>> diverse(List<List<Edit>> sorted, int count) {
        List<List<Edit>> chosen = new ArrayList<>();
        Set<Set<Integer>> wordSets = new HashSet<>();
        for (List<Edit> c : sorted) {
            if (chosen.size() < count && wordSets.add(wordsOf(c))) {
                chosen.add(c);
            }
        }
        for (List<Edit> c : sorted) {
            if (chosen.size() < count && !chosen.contains(c)) {
                chosen.add(c);
            }
        }
        return chosen;
    }

    private List<Counterfactual> recheck(String text, List<TokenScore> words, List<List<Edit>> chosen,
            double[] original, int label, Map<List<Edit>, Double> meaning, double minMargin) {
        double[][] p = predict(text, words, chosen);
        List<String> labels = model.labels();
        List<Counterfactual> out = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            List<Edit> c = chosen.get(i);
            out.add(new Counterfactual(Edit.apply(text, words, c), c, c.size(), labels.get(label),
                    labels.get(argmax(p[i])), original[label], p[i][label], p[i][label] - original[label],
                    margin(p[i], label), meaning.get(c), flips(p[i], label, minMargin)));
        }
        return out;
    }

    private double[][] predict(String text, List<TokenScore> words, List<List<Edit>> states) {
        if (states.isEmpty()) {
            return new double[0][];
        }
        return model.predictProba(states.stream().map(s -> Edit.apply(text, words, s)).toList());
    }

    /**
     * The lead of the most probable class other than {@code label} over the class after it (the runner-up, which
     * is {@code label} itself when that is second): positive when the prediction has moved away from {@code label}.
     */
    public static double margin(double[] p, int label) {
        int flipped = -1;
        for (int j = 0; j < p.length; j++) {
            if (j != label && (flipped < 0 || p[j] > p[flipped])) {
                flipped = j;
            }
        }
        double runnerUp = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < p.length; j++) {
            if (j != flipped) {
                runnerUp = Math.max(runnerUp, p[j]);
            }
        }
        return flipped < 0 ? 0 : p[flipped] - runnerUp;
    }

    /** True when some other class than {@code label} leads every class by at least {@code minMargin} (and by > 0). */
    public static boolean flips(double[] p, int label, double minMargin) {
        double m = margin(p, label);
        return m > 0 && m >= minMargin;
    }

    /** True when some other class is strictly more probable than {@code label}. */
    public static boolean flips(double[] p, int label) {
        return flips(p, label, 0);
    }

    public static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return best;
    }

    private static Set<Integer> wordsOf(List<Edit> edits) {
        Set<Integer> s = new HashSet<>();
        edits.forEach(e -> s.add(e.word()));
        return s;
    }

    private static String key(List<Edit> edits) {
        StringBuilder k = new StringBuilder();
        edits.forEach(e -> k.append(e.word()).append('=').append(e.replacement()).append(';'));
        return k.toString();
    }
}
