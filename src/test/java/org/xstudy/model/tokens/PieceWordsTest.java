package org.xstudy.model.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xstudy.explain.TokenScore;
import org.xstudy.explain.method.WordAggregation;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Piece;
import org.xstudy.model.Word;
import org.xstudy.model.imports.ExportedModels;

/** The word/piece rule of docs/models.md on spans and on real word-level and byte-level BPE tokenizers. */
class PieceWordsTest {

    private static int[] of(String text, int start, int end) {
        return PieceWords.of(Words.split(text), text, start, end);
    }

    @Test
    void aPieceCoversEveryWordItsTrimmedSpanOverlaps() {
        String text = "by jean-claud van damme ...";
        assertArrayEquals(new int[] {1, 3}, of(text, 3, 13), "jean-claud is jean, - and claud");
        assertArrayEquals(new int[] {4, 4}, of(text, 13, 17), "the space before a BPE piece (Ġvan) is not a word");
        assertArrayEquals(new int[] {6, 8}, of(text, 23, 27), "' ...' covers three punctuation words");
        assertArrayEquals(new int[] {1, 1}, of(text, 2, 3), "a whitespace-only piece goes to the next word");
        assertArrayEquals(new int[] {8, 8}, of(text + "  ", 27, 29), "or to the last word at the end");
        assertArrayEquals(new int[] {0, 0}, of(text, 1, 1), "an empty span inside a word");
        assertArrayEquals(new int[] {-1, -1}, PieceWords.of(List.of(), "   ", 0, 3), "no words, no index");
    }

    @Test
    void aWordLevelPieceOverSeveralWordsSharesItsScoreEquallyAndKeepsTheTotal() throws Exception {
        try (PieceTokenizer tokenizer = PieceTokenizer.fromFile(
                ExportedModels.folder("word-level").resolve("tokenizer.json"), 512)) {
            String text = "jean-claud van damme , really";
            PieceTokenizer.Tokens tokens = tokenizer.tokenize(text);
            Encoding e = tokens.encoding();
            List<Word> words = e.words();
            assertEquals(List.of("jean", "-", "claud", "van", "damme", ",", "really"),
                    words.stream().map(Word::text).toList());
            Piece first = e.pieces().get(0);
            assertEquals("jean-claud", first.text());
            assertEquals(3, first.wordCount());
            double[] pieceScores = new double[e.pieces().size()];
            java.util.Arrays.fill(pieceScores, 1.0);
            pieceScores[0] = 0.9;
            List<TokenScore> scores = WordAggregation.toWords(e, pieceScores);
            assertEquals(0.3, scores.get(0).score(), 1e-12);
            assertEquals(0.3, scores.get(1).score(), 1e-12);
            assertEquals(0.3, scores.get(2).score(), 1e-12);
            assertEquals(1.0, scores.get(3).score(), 1e-12);
            assertEquals(0.9 + pieceScores.length - 1, scores.stream().mapToDouble(TokenScore::score).sum(), 1e-12);

            assertNull(tokens.keepWords(new boolean[] {true, false, true, true, true, true, true}),
                    "removing only '-' of jean-claud cannot drop a piece id: the cut text is tokenized");
            assertNotNull(tokens.keepWords(new boolean[] {false, false, false, true, true, true, true}));
            assertArrayEquals(tokenizer.tokenize("van damme , really").ids(),
                    tokens.keepWords(new boolean[] {false, false, false, true, true, true, true}));
        }
    }

    @Test
    void byteLevelPiecesWithTheirLeadingSpaceGoToTheWordAfterIt() throws Exception {
        try (PieceTokenizer tokenizer = PieceTokenizer.fromFile(
                ExportedModels.folder("bpe").resolve("tokenizer.json"), 512)) {
            String text = "a gorgeously elaborate film ...";
            Encoding e = tokenizer.tokenize(text).encoding();
            for (Piece p : e.pieces()) {
                Word w = e.words().get(p.word());
                String trimmed = p.text().strip();
                if (!trimmed.isEmpty() && p.wordCount() == 1) {
                    assertEquals(true, w.text().contains(trimmed), p + " lies in " + w);
                }
            }
            assertEquals(e.words().size() - 1, e.pieces().get(e.pieces().size() - 1).lastWord());
        }
    }
}
