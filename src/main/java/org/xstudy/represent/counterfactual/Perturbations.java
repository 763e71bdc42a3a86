package org.xstudy.represent.counterfactual;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.xstudy.explain.TokenScore;
import org.xstudy.model.TextClassifier;

/**
 * Counterfactual-simulation items (Hase and Bansal 2020, "Evaluating Explainable AI: Which Algorithmic Explanations
 * Help Users Predict Model Behavior?"): seeded random edits of an input (one to {@code maxEdits} deletions or
 * substitutions of content words, as fluent as {@link EditChoices} makes them; salient words more likely), each
 * with the model's real output on the edited text. They need not flip the prediction; participants guess what the
 * model will say.
 */
public final class Perturbations {

    /** An edited input with the model's output on it. */
    public record Perturbation(String text, List<Edit> edits, String label, Map<String, Double> probabilities,
            boolean changed) {}

    private static final double DELETE_PROBABILITY = 0.4;

    private Perturbations() {}

    public static List<Perturbation> generate(TextClassifier model, String text, List<TokenScore> words,
            List<SubstitutionSource> sources, int count, int maxEdits, long seed) {
        Random random = new Random(seed);
        Map<String, List<Edit>> texts = new LinkedHashMap<>();
        Map<Integer, List<Edit>> choices = new EditChoices(sources, null).all(text, words, 4);
        List<Integer> editable = new ArrayList<>(choices.keySet());
        for (int attempt = 0; attempt < count * 20 && texts.size() < count && !editable.isEmpty(); attempt++) {
            int m = 1 + random.nextInt(Math.min(maxEdits, editable.size()));
            List<Edit> edits = new ArrayList<>();
            List<Integer> pool = new ArrayList<>(editable);
            for (int e = 0; e < m; e++) {
                int word = pool.remove(pick(pool, words, random));
                edits.add(edit(choices.get(word), random));
            }
            String edited = Edit.apply(text, words, edits);
            if (!edited.equals(text)) {
                texts.putIfAbsent(edited, List.copyOf(edits));
            }
        }
        List<String> edited = new ArrayList<>(texts.keySet());
        double[][] p = edited.isEmpty() ? new double[0][] : model.predictProba(edited);
        int original = CounterfactualSearch.argmax(model.predictProba(List.of(text))[0]);
        List<Perturbation> out = new ArrayList<>();
        for (int i = 0; i < edited.size(); i++) {
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (int c = 0; c < model.labels().size(); c++) {
                probabilities.put(model.labels().get(c), p[i][c]);
            }
            int label = CounterfactualSearch.argmax(p[i]);
            out.add(new Perturbation(edited.get(i), texts.get(edited.get(i)), model.labels().get(label),
                    probabilities, label != original));
        }
        return out;
    }

    /** An index into {@code pool}, drawn with weight 1 + |score| / max |score|. */
    private static int pick(List<Integer> pool, List<TokenScore> words, Random random) {
        double max = pool.stream().mapToDouble(i -> Math.abs(words.get(i).score())).max().orElse(0);
        double[] weights = pool.stream().mapToDouble(i -> 1 + (max == 0 ? 0 : Math.abs(words.get(i).score()) / max))
                .toArray();
        double r = random.nextDouble() * java.util.Arrays.stream(weights).sum();
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r <= 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A deletion with probability {@value #DELETE_PROBABILITY} where the word may be left out, else a replacement. */
    private static Edit edit(List<Edit> options, Random random) {
        List<Edit> replacements = options.stream().filter(e -> !e.deletion()).toList();
        boolean delete = options.get(0).deletion()
                && (replacements.isEmpty() || random.nextDouble() < DELETE_PROBABILITY);
        return delete ? options.get(0) : replacements.get(random.nextInt(replacements.size()));
    }
}
