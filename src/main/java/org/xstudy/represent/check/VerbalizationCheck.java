package org.xstudy.represent.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.verbal.FunctionWords;

/**
 * The faithfulness check of a verbalization, template or LLM alike (docs/explanations.md): every word it presents
 * as important must be among the {@code k} strongest words of its side of the saliency map (lemmas compared,
 * function words, punctuation and label names ignored), on the side it is said to be on, and every stated
 * prediction, confidence and score must be the model's.
 *
 * @param faithful true when there is no finding
 * @param findings every error, in the order of the text
 * @param claimed the claimed words as written
 * @param important the words that count as important: the k strongest for and against the explained class
 */
public record VerbalizationCheck(String version, boolean faithful, List<Finding> findings, List<String> claimed,
        List<String> important) {

    public static final String VERSION = "verbal-check-v1";

    /** The kinds of error the check finds. */
    public enum Error {
        /** A word presented as important that is not among the important words (or not in the input at all). */
        NOT_SALIENT,
        /** A word said to speak for a class whose score speaks against it, or the reverse. */
        REVERSED_DIRECTION,
        /** A stated prediction that is not the model's. */
        WRONG_PREDICTION,
        /** A stated confidence or probability that is not the model's. */
        WRONG_CONFIDENCE,
        /** A stated word score that is not the word's score. */
        WRONG_SCORE
    }

    /** One error: what was stated and why it is wrong. */
    public record Finding(Error error, String stated, String reason) {}

    /** A word of the input with its net score over all its occurrences and its rank on its side (1 = strongest). */
    private record Word(String text, double net, int rank) {}

    public static VerbalizationCheck check(String verbalization, CheckSubject subject) {
        Map<String, Word> words = words(subject.scores());
        List<Word> all = List.copyOf(words.values());
        Statements statements = new StatementReader(subject.labels(), subject.explained(),
                w -> find(all, w) != null).read(verbalization);
        List<Finding> findings = new ArrayList<>();
        for (Statements.Claim claim : statements.claims()) {
            claim(claim, all, subject, findings);
        }
        String predicted = subject.predicted();
        for (Statements.StatedPrediction p : statements.predictions()) {
            if (predicted != null && !p.label().equalsIgnoreCase(predicted)) {
                findings.add(new Finding(Error.WRONG_PREDICTION, p.label(),
                        "the model predicts \"" + predicted + "\""));
            }
        }
        for (Statements.StatedNumber n : statements.numbers()) {
            number(n, all, subject, predicted, findings);
        }
        List<String> important = all.stream().filter(w -> w.rank() <= subject.k())
                .sorted(Comparator.comparingDouble((Word w) -> -Math.abs(w.net()))).map(Word::text).toList();
        return new VerbalizationCheck(VERSION, findings.isEmpty(), findings,
                statements.claims().stream().map(Statements.Claim::text).toList(), important);
    }

    /** The findings in one line, e.g. {@code NOT_SALIENT "superb" (not in the input)}. */
    public String summary() {
        return findings.stream().map(f -> f.error() + " \"" + f.stated() + "\" (" + f.reason() + ")")
                .collect(Collectors.joining("; "));
    }

    /** The kinds of error found, once each. */
    public Set<Error> errors() {
        return findings.stream().map(Finding::error).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static void claim(Statements.Claim claim, List<Word> all, CheckSubject subject, List<Finding> findings) {
        double net = 0;
        boolean salient = false;
        List<String> missing = new ArrayList<>();
        for (String part : claim.text().split("[^\\p{L}\\p{N}'\u2019-]+")) {
            if (part.isEmpty() || FunctionWords.skip(part)) {
                continue;
            }
            Word w = find(all, part);
            if (w == null) {
                missing.add(part);
                continue;
            }
            net += w.net();
            salient |= w.rank() <= subject.k() && w.net() != 0;
        }
        if (!missing.isEmpty() && (claim.quoted() && StatementReader.contentWords(claim.text()) == 1 || !salient)) {
            findings.add(new Finding(Error.NOT_SALIENT, claim.text(), "not in the input"));
            return;
        }
        if (!salient) {
            findings.add(new Finding(Error.NOT_SALIENT, claim.text(),
                    "not among the " + subject.k() + " strongest words of its side"));
            return;
        }
        int required = subject.requiredSign(claim.target(), claim.polarity());
        if (required != 0 && net != 0 && Math.signum(net) != required) {
            findings.add(new Finding(Error.REVERSED_DIRECTION, claim.text(), String.format(Locale.ROOT,
                    "said to speak %s \"%s\", but its score for \"%s\" is %+.2f", claim.polarity() > 0 ? "for"
                            : "against", claim.target(), subject.explained(), net)));
        }
    }

    private static void number(Statements.StatedNumber n, List<Word> all, CheckSubject subject, String predicted,
            List<Finding> findings) {
        if (n.probability()) {
            Double truth = subject.probabilityOf(n.label() != null ? n.label() : predicted);
            List<Double> truths = truth != null ? List.of(truth) : known(subject);
            if (!truths.isEmpty() && truths.stream().noneMatch(t -> Math.abs(t - n.value()) <= n.tolerance())) {
                findings.add(new Finding(Error.WRONG_CONFIDENCE, n.stated(), "the model's probability"
                        + (n.label() != null ? " of \"" + n.label() + "\"" : "") + " is " + truths));
            }
            return;
        }
        List<Word> candidates = n.word() == null ? all
                : all.stream().filter(w -> Lemmas.same(w.text(), n.word().split("\\s+")[0])).toList();
        boolean matches = candidates.stream().anyMatch(w -> Math.abs(Math.abs(w.net()) - Math.abs(n.value()))
                <= n.tolerance() && (!n.signed() || Math.signum(w.net()) == Math.signum(n.value())));
        if (!matches && !candidates.isEmpty()) {
            findings.add(new Finding(Error.WRONG_SCORE, n.stated(),
                    n.word() == null ? "no word has this score" : "not the score of \"" + n.word() + "\""));
        }
    }

    private static List<Double> known(CheckSubject subject) {
        List<Double> out = new ArrayList<>();
        if (subject.probability() != null) {
            out.add(subject.probability());
        }
        if (subject.prediction() != null && subject.prediction().probability() != null) {
            out.add(subject.prediction().probability());
        }
        return out;
    }

    /** Content words of the input by lower-cased form, with net scores and ranks on their side. */
    private static Map<String, Word> words(List<TokenScore> scores) {
        Map<String, Double> net = new LinkedHashMap<>();
        for (TokenScore s : scores) {
            if (!FunctionWords.skip(s.token())) {
                net.merge(s.token().toLowerCase(Locale.ROOT), s.score(), Double::sum);
            }
        }
        Map<String, Word> out = new LinkedHashMap<>();
        for (int side : new int[] {1, -1}) {
            List<Map.Entry<String, Double>> ranked = net.entrySet().stream()
                    .filter(e -> side > 0 ? e.getValue() >= 0 : e.getValue() < 0)
                    .sorted(Comparator.comparingDouble(e -> -Math.abs(e.getValue()))).toList();
            for (int i = 0; i < ranked.size(); i++) {
                out.put(ranked.get(i).getKey(), new Word(ranked.get(i).getKey(), ranked.get(i).getValue(), i + 1));
            }
        }
        return out;
    }

    /** The input word with a lemma in common with {@code word}, the strongest if several. */
    private static Word find(List<Word> all, String word) {
        return all.stream().filter(w -> Lemmas.same(w.text(), word))
                .max(Comparator.comparingDouble(w -> Math.abs(w.net()))).orElse(null);
    }
}
