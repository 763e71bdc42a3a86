package org.xstudy.represent.check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xstudy.represent.verbal.FunctionWords;
import org.xstudy.represent.verbal.Template;

/**
 * Reads what a verbalization (template or LLM text) states about a saliency map: the words it presents as important,
 * quoted or not, with the direction it gives each; the labels it says the model predicts; and its numbers.
 *
 * <p>The text is cut into clauses at sentence ends and at contrast words ("while", "but", "despite", ...). A quoted
 * span is a claim unless it is a label; an unquoted word is a claim when it is a content word of the input and not
 * part of the vocabulary of explanations ("model", "words", "confidence", ...). A claim's class is the nearest label
 * after it in its clause, else before it, else the class of the previous clause, else the explained class; its
 * direction is the nearest direction word after it in the clause ("for", "towards", "supports" / "against",
 * "despite", "lowers"), else before it, flipped by a negation just before that word.
 */
public final class StatementReader {

    private enum Kind { WORD, QUOTE, NUMBER, PUNCT }

    private record Token(Kind kind, String text, int index) {

        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern TOKEN = Pattern.compile(
            "\"([^\"]{1,80})\"|\u201c([^\u201d]{1,80})\u201d|\u2018([^\u2019]{1,80})\u2019"
                    + "|(?<![\\p{L}\\p{N}])'([^']{1,80})'(?![\\p{L}\\p{N}])"
                    + "|([-+\u2212]?(?:\\d+(?:\\.\\d+)?|\\.\\d+)%?)"
                    + "|([\\p{L}\\p{N}]+(?:['\u2019-][\\p{L}\\p{N}]+)*)"
                    + "|([.;!?,:()])");

    private static final Set<String> SPLIT = Set.of("while", "whilst", "whereas", "but", "although", "though",
            "however", "despite", "yet");
    private static final Set<String> TOWARDS = Set.of("for", "towards", "toward", "support", "supports",
            "supported", "supporting", "because", "due", "thanks", "drive", "drives", "drove", "driven", "push",
            "pushes", "pushed", "pushing", "point", "points", "pointed", "suggest", "suggests", "suggested",
            "indicate", "indicates", "indicated", "favour", "favor", "favours", "favors", "boost", "boosts",
            "boosted", "raise", "raises", "raised", "increase", "increases", "increased", "signal", "signals",
            "evidence", "lead", "leads", "led", "explain", "explains", "reason", "reasons", "behind");
    private static final Set<String> AGAINST = Set.of("against", "despite", "counter", "lower", "lowers",
            "lowered", "reduce", "reduces", "reduced", "decrease", "decreases", "decreased", "away", "opposite",
            "undermine", "undermines", "undermined", "weaken", "weakens", "weakened", "hurt", "hurts",
            "contradict", "contradicts", "contradicted", "offset", "offsets", "outweighed");
    private static final Set<String> NEGATION = Set.of("not", "no", "never", "neither", "nor", "cannot");
    private static final Set<String> PREDICTS = Set.of("predict", "predicts", "predicted", "prediction",
            "classify", "classifies", "classified", "classification", "label", "labels", "labeled", "labelled",
            "thinks", "think", "decides", "decided", "considers", "considered", "judges", "judged", "rates",
            "rated", "calls", "called", "believes", "sure", "confident", "certain", "verdict");
    private static final Set<String> PROBABILITY = Set.of("confidence", "confident", "probability", "sure",
            "certain", "likely", "chance", "certainty", "probable");
    private static final Set<String> HEDGES = Set.of("about", "around", "roughly", "approximately", "nearly",
            "almost", "over", "under", "approx", "some", "circa");
    private static final Set<String> VOCABULARY = Set.of("model", "models", "classifier", "system", "ai",
            "algorithm", "word", "words", "phrase", "phrases", "passage", "term", "terms", "token", "tokens",
            "text", "sentence", "review", "input", "statement", "class", "category", "sentiment", "score",
            "scores", "attribution", "attributions", "importance", "important", "influence", "influential",
            "weight", "weights", "explanation", "strong", "strongly", "strongest", "most", "mostly", "main",
            "mainly", "largely", "highest", "high", "low", "lowest", "top", "key", "percent", "overall", "effect",
            "impact", "contribution", "contributes", "contributed", "speak", "speaks", "spoke", "cited", "matter",
            "matters", "mattered", "role", "decision", "result", "outcome", "tone", "prediction's", "label's",
            "it", "this", "that", "one", "ones", "other", "way", "side", "feel", "feels", "make", "makes", "made");

    private final List<String> labels;
    private final Predicate<String> inputWord;
    private final String explained;

    /**
     * @param labels the class names (never counted as claimed words)
     * @param explained the explained class: the class of a claim when the text names none
     * @param inputWord true for a content word of the input (an unquoted word is a claim only then)
     */
    public StatementReader(List<String> labels, String explained, Predicate<String> inputWord) {
        this.labels = labels.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
        this.explained = explained == null ? null : explained.toLowerCase(Locale.ROOT);
        this.inputWord = inputWord;
    }

    public Statements read(String text) {
        List<Statements.Claim> claims = new ArrayList<>();
        List<Statements.StatedPrediction> predictions = new ArrayList<>();
        List<Statements.StatedNumber> numbers = new ArrayList<>();
        String carried = explained;
        for (List<Token> clause : clauses(tokens(text))) {
            String clauseText = String.join(" ", clause.stream().map(Token::text).toList());
            for (int i = 0; i < clause.size(); i++) {
                Token t = clause.get(i);
                if (isClaim(t)) {
                    String target = label(clause, i, carried);
                    claims.add(new Statements.Claim(t.text(), t.kind() == Kind.QUOTE, target, polarity(clause, i)));
                } else if (t.kind() == Kind.NUMBER) {
                    numbers.add(number(clause, i));
                } else if (t.kind() == Kind.WORD && PREDICTS.contains(t.lower())) {
                    String stated = statedPrediction(clause, i);
                    if (stated != null && predictions.stream().noneMatch(p -> p.clause().equals(clauseText))) {
                        predictions.add(new Statements.StatedPrediction(stated, clauseText));
                    }
                }
            }
            carried = lastLabel(clause, carried);
        }
        return new Statements(claims, predictions, numbers);
    }

    private static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            for (int g = 1; g <= 7; g++) {
                if (m.group(g) != null) {
                    Kind kind = g <= 4 ? Kind.QUOTE : g == 5 ? Kind.NUMBER : g == 6 ? Kind.WORD : Kind.PUNCT;
                    out.add(new Token(kind, m.group(g).strip(), out.size()));
                    break;
                }
            }
        }
        return out;
    }

    private static List<List<Token>> clauses(List<Token> tokens) {
        List<List<Token>> clauses = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token t : tokens) {
            boolean end = t.kind() == Kind.PUNCT && ".;!?".contains(t.text());
            boolean split = t.kind() == Kind.WORD && SPLIT.contains(t.lower());
            if ((end || split) && !current.isEmpty()) {
                clauses.add(current);
                current = new ArrayList<>();
            }
            if (!end) {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            clauses.add(current);
        }
        return clauses;
    }

    private boolean isLabel(Token t) {
        return (t.kind() == Kind.QUOTE || t.kind() == Kind.WORD) && labels.contains(t.lower());
    }

    private boolean isClaim(Token t) {
        if (t.kind() == Kind.QUOTE) {
            return !isLabel(t) && !t.lower().equals("the predicted class") && contentWords(t.text()) > 0;
        }
        if (t.kind() != Kind.WORD || isLabel(t) || FunctionWords.skip(t.text())) {
            return false;
        }
        String w = t.lower();
        return !VOCABULARY.contains(w) && !TOWARDS.contains(w) && !AGAINST.contains(w) && !PREDICTS.contains(w)
                && !PROBABILITY.contains(w) && !NEGATION.contains(w) && !SPLIT.contains(w)
                && !Template.fixedWords().contains(w)
                && inputWord.test(w);
    }

    static int contentWords(String phrase) {
        int n = 0;
        for (String w : phrase.split("[^\\p{L}\\p{N}'\u2019-]+")) {
            n += w.isEmpty() || FunctionWords.skip(w) ? 0 : 1;
        }
        return n;
    }

    private String label(List<Token> clause, int at, String carried) {
        for (int j = at + 1; j < clause.size(); j++) {
            if (isLabel(clause.get(j))) {
                return clause.get(j).lower();
            }
        }
        for (int j = at - 1; j >= 0; j--) {
            if (isLabel(clause.get(j))) {
                return clause.get(j).lower();
            }
        }
        return carried;
    }

    private String lastLabel(List<Token> clause, String carried) {
        for (int j = clause.size() - 1; j >= 0; j--) {
            if (isLabel(clause.get(j))) {
                return clause.get(j).lower();
            }
        }
        return carried;
    }

    /**
     * Looks for a direction word after the claim (up to a comma that does not continue a list of claims), then
     * before it.
     */
    private int polarity(List<Token> clause, int at) {
        for (int j = at + 1; j < clause.size(); j++) {
            Token t = clause.get(j);
            if (t.text().equals(",") && !(j + 1 < clause.size() && (isClaim(clause.get(j + 1))
                    || clause.get(j + 1).lower().equals("and")))) {
                break;
            }
            int p = cue(clause, j);
            if (p != 0) {
                return p;
            }
        }
        for (int j = at - 1; j >= 0; j--) {
            int p = cue(clause, j);
            if (p != 0) {
                return p;
            }
        }
        return 0;
    }

    private static int cue(List<Token> clause, int j) {
        Token t = clause.get(j);
        if (t.kind() != Kind.WORD) {
            return 0;
        }
        int p = AGAINST.contains(t.lower()) ? -1 : TOWARDS.contains(t.lower()) ? 1 : 0;
        if (p == 0) {
            return 0;
        }
        for (int k = j - 1; k >= Math.max(0, j - 3) && clause.get(k).kind() == Kind.WORD; k--) {
            String w = clause.get(k).lower();
            if (NEGATION.contains(w) || w.endsWith("n't") || w.endsWith("n\u2019t")) {
                return -p;
            }
        }
        return p;
    }

    private String statedPrediction(List<Token> clause, int at) {
        for (int j = at + 1; j < clause.size() && j <= at + 7; j++) {
            if (isLabel(clause.get(j))) {
                Token before = clause.get(j - 1);
                return before.kind() == Kind.WORD && NEGATION.contains(before.lower()) ? null : clause.get(j).lower();
            }
        }
        return null;
    }

    private Statements.StatedNumber number(List<Token> clause, int at) {
        String stated = clause.get(at).text();
        boolean percent = stated.endsWith("%");
        boolean signed = stated.matches("^[-+\u2212].*");
        String digits = stated.replace("%", "").replace('\u2212', '-').replace("+", "");
        BigDecimal value = new BigDecimal(digits.replaceFirst("^(-?)\\.", "$10."));
        double x = percent ? value.doubleValue() / 100 : value.doubleValue();
        int decimals = Math.max(0, value.scale()) + (percent ? 2 : 0);
        boolean hedged = at > 0 && HEDGES.contains(clause.get(at - 1).lower());
        double tolerance = Math.max(0.5 * Math.pow(10, -decimals) + 1e-9, hedged ? 0.05 : 0);
        String word = scoredWord(clause, at);
        String labelBefore = labelJustBefore(clause, at);
        boolean probability = percent || (word == null && !signed && (labelBefore != null
                || clause.stream().anyMatch(t -> PROBABILITY.contains(t.lower()))));
        if (probability) {
            return new Statements.StatedNumber(stated, x, tolerance, true,
                    labelBefore != null ? labelBefore : probabilityLabel(clause, at), null, false);
        }
        return new Statements.StatedNumber(stated, x, tolerance, false, null, word, signed);
    }

    /** A label just before a number ("negative" (0.71)), or null. */
    private String labelJustBefore(List<Token> clause, int at) {
        for (int j = at - 1; j >= Math.max(0, at - 2); j--) {
            if (isLabel(clause.get(j))) {
                return clause.get(j).lower();
            }
            if (clause.get(j).kind() != Kind.PUNCT) {
                return null;
            }
        }
        return null;
    }

    /** The claim a score is given for: the claim just before it ("good" (0.82), "good" with 0.82). */
    private String scoredWord(List<Token> clause, int at) {
        for (int j = at - 1; j >= Math.max(0, at - 4); j--) {
            Token t = clause.get(j);
            if (isClaim(t)) {
                return t.text();
            }
            if (t.kind() == Kind.NUMBER || isLabel(t)) {
                return null;
            }
        }
        return null;
    }

    private String probabilityLabel(List<Token> clause, int at) {
        for (int i = 0; i < clause.size(); i++) {
            if (clause.get(i).kind() == Kind.WORD && PREDICTS.contains(clause.get(i).lower())) {
                String stated = statedPrediction(clause, i);
                if (stated != null) {
                    return stated;
                }
            }
        }
        int best = -1;
        for (int j = 0; j < clause.size(); j++) {
            if (isLabel(clause.get(j)) && (best < 0 || Math.abs(j - at) < Math.abs(best - at))) {
                best = j;
            }
        }
        return best < 0 ? null : clause.get(best).lower();
    }
}
