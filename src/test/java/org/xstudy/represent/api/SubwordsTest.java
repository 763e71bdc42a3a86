package org.xstudy.represent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubwordsTest {

    static List<String> texts(List<Subwords.Word> words) {
        return words.stream().map(Subwords.Word::text).toList();
    }

    @Test
    void wordPieceContinuationsJoinThePreviousWordAndAddTheirScores() {
        List<Subwords.Word> words = Subwords.merge(List.of("[CLS]", "a", "wit", "##ty", "film", ".", "[SEP]"),
                List.of(9.0, 0.1, 0.3, 0.2, 0.05, 0.01, 9.0));
        assertEquals(List.of("a", "witty", "film", "."), texts(words));
        assertEquals(0.5, words.get(1).score(), 1e-12);
        assertEquals(2, words.get(1).first());
        assertEquals("a witty film.", Subwords.text(words));
    }

    @Test
    void byteLevelBpeAndSentencePieceMarkersStartWords() {
        assertEquals(List.of("A", "witty", "film."), texts(Subwords.merge(
                List.of("<s>", "A", "\u0120wit", "ty", "\u0120film", ".", "</s>", "<pad>"),
                List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.0, 0.0))));
        List<Subwords.Word> sp = Subwords.merge(List.of("\u2581un", "believ", "able", "\u2581", "!", "<sep>", "<cls>"),
                List.of(0.1, 0.2, 0.3, 0.0, 0.4, 0.0, 0.0));
        assertEquals(List.of("unbelievable", "!"), texts(sp));
        assertEquals(0.6, sp.get(0).score(), 1e-12);
        assertEquals("unbelievable!", Subwords.text(sp));
    }
}
