package org.xstudy.represent.counterfactual;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xstudy.explain.TokenScore;

/**
 * The fluent edits of an input's content words ({@link Units}): replacements in the unit's part of speech, inflected
 * to its form ({@link Inflection}), and deletion only where it leaves a sentence (adverbs between two words, and
 * adjectives before a noun or adjective). A replacement after "a" or "an" must begin with a vowel letter exactly when the replaced word does, and so
 * must the word that follows a deleted one, so the article still fits. Replacements whose opinion-lexicon polarity
 * reverses the word's come first, then antonyms, then lexicon opposites, then synonyms.
 */
final class EditChoices {

    /** A usable replacement: lower-case letters, hyphens only inside. */
    static final String WORD = "[a-z]+(-[a-z]+)*";

    private final List<SubstitutionSource> sources;
    private final OpinionLexicon lexicon;

    EditChoices(List<SubstitutionSource> sources, OpinionLexicon lexicon) {
        this.sources = sources;
        this.lexicon = lexicon;
    }

    /**
     * The edits of the {@code maxUnits} editable units that support the prediction most (highest summed score),
     * each with deletion where fluent and up to {@code perUnit} replacements, keyed by the unit's first word;
     * units with no edit are left out.
     */
    Map<Integer, List<Edit>> salient(String text, List<TokenScore> words, int maxUnits, int perUnit) {
        List<Units.Unit> units = Units.of(text, words).stream().filter(Units.Unit::editable)
                .sorted(Comparator.comparingDouble((Units.Unit u) -> -score(words, u))
                        .thenComparingInt(Units.Unit::first))
                .toList();
        Map<Integer, List<Edit>> out = new LinkedHashMap<>();
        for (Units.Unit u : units) {
            if (out.size() >= maxUnits) {
                break;
            }
            List<Edit> edits = edits(u, perUnit);
            if (!edits.isEmpty()) {
                out.put(u.first(), edits);
            }
        }
        return out;
    }

    /** Every editable unit's edits (deletion where fluent and up to {@code perUnit} replacements), in text order. */
    Map<Integer, List<Edit>> all(String text, List<TokenScore> words, int perUnit) {
        Map<Integer, List<Edit>> out = new LinkedHashMap<>();
        for (Units.Unit u : Units.of(text, words)) {
            List<Edit> edits = u.editable() ? edits(u, perUnit) : List.of();
            if (!edits.isEmpty()) {
                out.put(u.first(), edits);
            }
        }
        return out;
    }

    List<Edit> edits(Units.Unit u, int perUnit) {
        List<Edit> out = new ArrayList<>();
        String lower = u.text().toLowerCase(Locale.ROOT);
        boolean betweenWords = (u.before() == null || Units.letters(u.before())) && u.after() != null
                && Units.letters(u.after());
        if ((u.pos() == Pos.ADV && betweenWords || u.attributive()) && articleFits(u.before(), lower, u.after())) {
            out.add(new Edit(u.first(), u.last(), u.text(), null, "deletion"));
        }
        Inflection.Form form = Inflection.form(lower, u.pos());
        if (form == null) {
            return out;
        }
        Map<String, SubstitutionSource.Substitute> found = new LinkedHashMap<>();
        for (SubstitutionSource source : sources) {
            for (SubstitutionSource.Substitute s : source.substitutes(form.lemma(), u.pos())) {
                String inflected = usable(s.word(), form, u);
                if (inflected != null) {
                    found.putIfAbsent(inflected, new SubstitutionSource.Substitute(inflected, s.source()));
                }
            }
        }
        double own = lexicon == null ? 0 : lexicon.valence(form.lemma());
        found.values().stream().sorted(Comparator.comparingInt(s -> rank(s, own))).limit(perUnit)
                .forEach(s -> out.add(new Edit(u.first(), u.last(), u.text(), s.word(), s.source())));
        return out;
    }

    /** The replacement inflected to the unit's form, or null when it is not a usable word for the unit. */
    private static String usable(String candidate, Inflection.Form form, Units.Unit u) {
        if (!candidate.matches(WORD) || candidate.equals(form.lemma()) || Pos.functionWord(candidate)
                || !WordNetSource.isLemma(u.pos(), candidate)) {
            return null;
        }
        String inflected = Inflection.inflect(candidate, form.kind(), u.pos());
        if (inflected == null || inflected.equalsIgnoreCase(u.text())
                || !articleFits(u.before(), u.text().toLowerCase(Locale.ROOT), inflected)) {
            return null;
        }
        return inflected;
    }

    /** After "a" or "an", {@code instead} must begin with a vowel letter exactly when {@code word} does. */
    static boolean articleFits(String before, String word, String instead) {
        if (!"a".equals(before) && !"an".equals(before)) {
            return true;
        }
        return instead != null && vowel(word) == vowel(instead);
    }

    private static boolean vowel(String word) {
        return !word.isEmpty() && "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0;
    }

    private int rank(SubstitutionSource.Substitute s, double own) {
        double v = lexicon == null ? 0 : lexicon.valence(s.word());
        if (own != 0 && v != 0 && Math.signum(v) != Math.signum(own)) {
            return 0;
        }
        return s.source().contains("antonym") ? 1 : s.source().startsWith("lexicon") ? 2 : 3;
    }

    private static double score(List<TokenScore> words, Units.Unit u) {
        double sum = 0;
        for (int w = u.first(); w <= u.last(); w++) {
            sum += words.get(w).score();
        }
        return sum;
    }
}
