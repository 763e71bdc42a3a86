package org.xstudy.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Piece;
import org.xstudy.model.tokens.PieceTokenizer;
import org.xstudy.model.tokens.Words;

class WordsTest {

    static final List<String> MASKED_TEXTS = List.of(
            "the acting was great , but the plot was dull .",
            "well-made , if somewhat self-indulgent : the film (mostly) works ; don't miss it !",
            "an unbelievably   overlong   film with émigrés , naïveté and 😀 emoji ...",
            "it's a \"must-see\" -- 9.5/10 , really ?!",
            "中文 and ünïcode words , tokenized into many pieces : antidisestablishmentarianism",
            "");

    private static PieceTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = PieceTokenizer.bge();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "the film was great !",
        "😀 héllo, don't  5€ wörld — x",
        "Ünïcödé\tcafé\u0301 naïve (really) \"quoted\" co-writer/director ...",
        "漢字 mixed with 日本語 and emoji 👍🏽!",
        "   leading and trailing spaces   ",
        "unbelievably extraordinarily antidisestablishmentarianism"})
    void wordsAndPiecesIndexTheOriginalText(String text) {
        List<Word> words = Words.split(text);
        assertTrue(!words.isEmpty());
        int previousEnd = 0;
        for (Word w : words) {
            assertEquals(w.text(), text.substring(w.start(), w.end()));
            assertTrue(w.start() >= previousEnd, "words are ordered and disjoint");
            assertTrue(w.text().strip().equals(w.text()), "no whitespace inside a word: " + w);
            previousEnd = w.end();
        }
        Encoding encoding = tokenizer.tokenize(text).encoding();
        assertEquals(words, encoding.words());
        assertTrue(!encoding.pieces().isEmpty());
        for (Piece p : encoding.pieces()) {
            assertEquals(p.text(), text.substring(p.start(), p.end()));
            Word w = words.get(p.word());
            assertTrue(w.start() <= p.start() && p.end() <= w.end(), p + " lies inside " + w);
        }
        assertEquals(tokenizer.tokenize(text).pieceIds().length, encoding.pieces().size());
    }

    @org.junit.jupiter.api.Test
    void punctuationIsSplitButInnerApostrophesStay() {
        List<String> words = Words.split("don't stop, 'quoted' rock'n'roll!").stream().map(Word::text).toList();
        assertEquals(List.of("don't", "stop", ",", "'", "quoted", "'", "rock'n'roll", "!"), words);
    }

    @org.junit.jupiter.api.Test
    void subwordPiecesOfOneWordShareItsIndex() {
        Encoding e = tokenizer.tokenize("antidisestablishmentarianism rocks").encoding();
        assertTrue(e.pieces().size() > 2);
        assertEquals(2, e.words().size());
        long inFirst = e.pieces().stream().filter(p -> p.word() == 0).count();
        assertTrue(inFirst > 1, "a long word is several pieces");
        assertEquals(e.pieces().size() - inFirst, e.pieces().stream().filter(p -> p.word() == 1).count());
    }

    @Test
    void droppedIdsEqualTheTokensOfTheCutText() {
        Random random = new Random(3);
        int exact = 0;
        int total = 0;
        for (String text : MASKED_TEXTS) {
            PieceTokenizer.Tokens tokens = tokenizer.tokenize(text);
            List<Word> words = tokens.encoding().words();
            for (int s = 0; s < 300; s++) {
                boolean[] keep = new boolean[words.size()];
                for (int w = 0; w < keep.length; w++) {
                    keep[w] = random.nextInt(3) > 0;
                }
                String cut = Words.cut(text, words, keep);
                PieceTokenizer.Tokens expected = tokenizer.tokenize(cut);
                long[] ids = tokens.keepWords(keep);
                total++;
                if (ids != null) {
                    exact++;
                    assertArrayEquals(expected.ids(), ids, "\"" + cut + "\" from \"" + text + "\"");
                    assertArrayEquals(expected.pieceIds(), tokens.keepPieceIds(keep), cut);
                }
                List<long[]> rows = tokenizer.keepWords(text, List.of(keep), true);
                assertArrayEquals(expected.ids(), rows.get(0), cut);
            }
        }
        assertTrue(exact > total / 2, exact + " of " + total + " masks were dropped ids");
    }

    @Test
    void aCutThatJoinsTwoWordsFallsBackToTheText() {
        PieceTokenizer.Tokens tokens = tokenizer.tokenize("well-made");
        assertNull(tokens.keepWords(new boolean[] {true, false, true}));
        assertArrayEquals(tokenizer.tokenize("wellmade").ids(),
                tokenizer.keepWords("well-made", List.of(new boolean[] {true, false, true}), true).get(0));
    }
}
