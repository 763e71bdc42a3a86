package org.xstudy.represent.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.TokenScore;
import org.xstudy.explain.method.Occlusion;
import org.xstudy.model.ModelHome;
import org.xstudy.model.bge.BgeClassifier;
import org.xstudy.model.bge.BgeEncoder;
import org.xstudy.model.bge.SoftmaxRegression;
import org.xstudy.model.data.LabeledData;
import org.xstudy.model.data.PangLee;
import org.xstudy.model.demo.DemoData;
import org.xstudy.model.demo.DemoModels;

/**
 * The counterfactual rules on 50 held-out Pang & Lee sentences with the real demo-bge model (bge-small-en-v1.5 with
 * the demo's softmax head, trained here on the demo's 3,200-sentence split and cached in {@code target/}), guided by
 * occlusion: for every counterfactual found, no function word is replaced (by the tagger and by a fixed closed-class
 * list that does not come from the code under test), no token is broken, every edit flips the model by at least the
 * margin when re-run, and the meaning score is present and in [-1, 1]. The data is fetched with the Debian package
 * client as the demo does ({@link DemoData}), never committed.
 */
class RealSentenceCounterfactualsTest {

    static final int SENTENCES = 50;
    static final Path CACHE = Path.of("target/counterfactual-demo").toAbsolutePath();
    /** Closed-class words of English (articles, determiners, pronouns, prepositions, auxiliaries, modals, conjunctions, particles, negation, numerals). */
    static final Set<String> CLOSED = Set.of("a", "an", "the", "this", "that", "these", "those", "some", "any", "no",
            "every", "each", "all", "both", "either", "neither", "i", "me", "my", "you", "your", "he", "him", "his",
            "she", "her", "it", "its", "we", "us", "our", "they", "them", "their", "itself", "themselves", "who",
            "whom", "whose", "which", "what", "of", "in", "on", "at", "by", "for", "with", "about", "against",
            "between", "into", "through", "during", "before", "after", "to", "from", "up", "down", "over", "under",
            "than", "as", "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "do",
            "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "and", "or",
            "but", "nor", "so", "yet", "if", "because", "while", "although", "though", "not", "n't", "never", "'s",
            "one", "two", "three", "four", "five", "ten", "hundred");
    static final Set<String> CONTENT_TAGS = Set.of("NOUN", "VERB", "ADJ", "ADV");

    static BgeEncoder encoder;
    static BgeClassifier model;
    static List<String> sentences;

    @BeforeAll
    static void demoModel() throws IOException {
        ModelHome home = new ModelHome(CACHE.resolve("home"));
        Path data = DemoData.ensure(home, System.out::println).orElseThrow(() -> new IllegalStateException(
                "the Pang & Lee data (Debian package python3-pattern) cannot be fetched"));
        LabeledData all = PangLee.read(data);
        LabeledData.Split split = all.split(DemoModels.TRAIN_SIZE, DemoModels.SPLIT_SEED);
        sentences = LabeledData.texts(split.test()).subList(0, SENTENCES);
        encoder = BgeEncoder.load();
        Path head = CACHE.resolve("head-" + encoder.sha256() + ".bin");
        if (Files.isRegularFile(head)) {
            model = BgeClassifier.load(DemoModels.BGE, head, encoder);
        } else {
            model = BgeClassifier.train(DemoModels.BGE, encoder, all.labels(), split.train(),
                    SoftmaxRegression.Settings.defaults());
            model.save(head);
        }
    }

    @AfterAll
    static void close() {
        if (encoder != null) {
            encoder.close();
        }
    }

    @Test
    void everyCounterfactualKeepsTheRules() {
        CounterfactualSearch search = new CounterfactualSearch(model, List.of(new WordNetSource(6)), null, model);
        CounterfactualSearch.Options options = CounterfactualSearch.Options.defaults();
        Occlusion occlusion = new Occlusion();
        int withCounterfactual = 0;
        List<Double> margins = new ArrayList<>();
        List<Double> meanings = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        for (String text : sentences) {
            double[] p0 = model.predictProba(List.of(text))[0];
            int label = CounterfactualSearch.argmax(p0);
            List<TokenScore> words = occlusion.attribute(model, text, label, occlusion.resolve(Map.of())).words();
            List<String> tags = PosTagger.tag(words.stream().map(TokenScore::token).toList());
            List<Counterfactual> found = search.search(text, words, options);
            withCounterfactual += found.isEmpty() ? 0 : 1;
            for (Counterfactual cf : found) {
                for (Edit e : cf.edits()) {
                    assertWholeContentSpan(text, words, tags, e, cf);
                }
                double[] p = model.predictProba(List.of(cf.text()))[0];
                assertNotEquals(label, CounterfactualSearch.argmax(p), "does not flip: " + cf.text());
                double margin = Math.abs(p[0] - p[1]);
                assertTrue(margin >= options.minMargin(), "flips by " + margin + " only: " + cf.text());
                assertEquals(margin, cf.margin(), 1e-9);
                assertTrue(cf.valid());
                assertNotNull(cf.meaning(), "no meaning score: " + cf.text());
                assertTrue(cf.meaning() >= -1 && cf.meaning() <= 1, "meaning " + cf.meaning());
                margins.add(cf.margin());
                meanings.add(cf.meaning());
                if (examples.size() < 10 && cf == found.get(0)) {
                    examples.add(String.format(Locale.ROOT, "%s%n    -> %s  (%s -> %s, margin %.3f, meaning %.3f)",
                            text, cf.text(), cf.originalLabel(), cf.newLabel(), cf.margin(), cf.meaning()));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d of %d sentences got a counterfactual; %d counterfactuals, mean margin "
                + "%.3f, mean meaning %.3f%n", withCounterfactual, SENTENCES, margins.size(), mean(margins),
                mean(meanings));
        examples.forEach(System.out::println);
        assertTrue(withCounterfactual >= 15, "only " + withCounterfactual + " of 50 sentences got a counterfactual");
    }

    /**
     * The edit spans whole words (nothing of a word or of a hyphenated compound is left outside it), every word in it
     * is a content word by the tagger and none is a closed-class word, and a replacement is one word or a compound
     * with hyphens only inside.
     */
    private static void assertWholeContentSpan(String text, List<TokenScore> words, List<String> tags, Edit e,
            Counterfactual cf) {
        int start = words.get(e.word()).start();
        int end = words.get(e.last()).end();
        assertEquals(text.substring(start, end), e.original(), cf.toString());
        assertTrue(!joins(text, start - 1, start - 2), "part of a word edited: " + e + " in " + text);
        assertTrue(!joins(text, end, end + 1), "part of a word edited: " + e + " in " + text);
        for (int w = e.word(); w <= e.last(); w++) {
            String token = words.get(w).token();
            if (!token.equals("-")) {
                assertTrue(CONTENT_TAGS.contains(tags.get(w)), "function word " + token + "/" + tags.get(w)
                        + " edited: " + cf.text());
                assertTrue(!CLOSED.contains(token.toLowerCase(Locale.ROOT)), "closed-class word " + token
                        + " edited: " + cf.text());
            }
        }
        if (e.replacement() != null) {
            assertTrue(e.replacement().matches("\\p{L}+(-\\p{L}+)*"), "broken replacement: " + e);
        }
        Set<String> before = Set.copyOf(List.of(text.split("\\s+")));
        for (String token : cf.text().split("\\s+")) {
            assertTrue(before.contains(token) || !token.startsWith("-") && !token.endsWith("-"),
                    "broken token " + token + ": " + cf.text());
        }
    }

    /**
     * True when the character at {@code at} belongs to the word next to it: a letter, digit or hyphen, or an
     * apostrophe with a letter beyond it ({@code beyond}), as in "don't"; a quotation mark does not.
     */
    private static boolean joins(String text, int at, int beyond) {
        if (at < 0 || at >= text.length()) {
            return false;
        }
        char c = text.charAt(at);
        return Character.isLetterOrDigit(c) || c == '-'
                || c == '\'' && beyond >= 0 && beyond < text.length() && Character.isLetter(text.charAt(beyond));
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
