package org.xstudy.represent.counterfactual;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An opinion lexicon (word → valence, e.g. VADER's {@code vader_lexicon.txt}: word, mean rating, ...; tab-separated).
 * For a polar word it proposes the strongest common words of the opposite polarity, and it can tell whether a
 * replacement really reverses the polarity. Generic opposites are taken from the mild-to-clear range of valence
 * (1.5 to 2.5 on VADER's ±4 scale), which leaves out slurs and the most violent words.
 */
public final class OpinionLexicon implements SubstitutionSource {

    static final double MILD_MIN = 1.5;
    static final double MILD_MAX = 2.5;
    private final Map<String, Double> valence;
    private final List<String> positives;
    private final List<String> negatives;
    private final int limit;

    public OpinionLexicon(Map<String, Double> valence, int limit) {
        this.valence = Map.copyOf(valence);
        this.limit = limit;
        this.positives = strongest(valence, 1);
        this.negatives = strongest(valence, -1);
    }

    /** Reads a VADER-format file: one entry a line, the word and its mean valence separated by a tab. */
    public static OpinionLexicon read(Path file, int limit) throws IOException {
        Map<String, Double> valence = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t");
            if (parts.length >= 2 && parts[0].matches("[a-z][a-z'-]*")) {
                try {
                    valence.put(parts[0], Double.parseDouble(parts[1].strip()));
                } catch (NumberFormatException ignored) {
                    // header or malformed line: not an entry
                }
            }
        }
        return new OpinionLexicon(valence, limit);
    }

    public int size() {
        return valence.size();
    }

    /** The valence of a word, 0 when it is not in the lexicon. */
    public double valence(String word) {
        return valence.getOrDefault(word.toLowerCase(Locale.ROOT), 0.0);
    }

    /**
     * The lexicon knows no parts of speech: its opposites are filtered to the word's part of speech, and inflected,
     * by the caller ({@link EditChoices}).
     */
    @Override
    public List<Substitute> substitutes(String word, Pos pos) {
        double v = valence(word);
        if (Math.abs(v) < 0.5) {
            return List.of();
        }
        return (v > 0 ? negatives : positives).stream().limit(limit)
                .map(w -> new Substitute(w, "lexicon-opposite")).toList();
    }

    private static List<String> strongest(Map<String, Double> valence, int sign) {
        return valence.entrySet().stream()
                .filter(e -> Math.signum(e.getValue()) == sign && e.getKey().matches("[a-z]{3,10}")
                        && Math.abs(e.getValue()) >= MILD_MIN && Math.abs(e.getValue()) <= MILD_MAX)
                .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
    }
}
