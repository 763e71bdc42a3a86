package org.xstudy.model.tokens;

import java.util.List;
import org.xstudy.model.Word;

/**
 * Maps a subword piece's character span to the words it covers. The span is first trimmed of whitespace (a
 * byte-level BPE piece such as {@code Ġfilm} may report the space before it); the piece then covers every word its
 * trimmed span overlaps, which is one word for BERT-style tokenizers and possibly several for word-level or
 * byte-level ones ({@code jean-claud} covers {@code jean}, {@code -} and {@code claud}). A piece that overlaps no
 * word (only whitespace, or an empty span) goes to the word that follows it, else to the last word, so that no
 * piece's attribution is lost.
 */
final class PieceWords {

    private PieceWords() {
    }

    /** The first and last (inclusive) word index covered by {@code [start, end)}; {@code -1, -1} without words. */
    static int[] of(List<Word> words, String text, int start, int end) {
        int s = start;
        int e = end;
        while (s < e && Words.isSpace(text.codePointAt(s))) {
            s += Character.charCount(text.codePointAt(s));
        }
        while (e > s && Words.isSpace(text.codePointBefore(e))) {
            e -= Character.charCount(text.codePointBefore(e));
        }
        int first = -1;
        int last = -1;
        for (int w = 0; w < words.size(); w++) {
            Word word = words.get(w);
            boolean covered = s < e ? word.start() < e && s < word.end() : word.start() <= s && s < word.end();
            if (covered) {
                first = first < 0 ? w : first;
                last = w;
            }
        }
        if (first >= 0) {
            return new int[] {first, last};
        }
        for (int w = 0; w < words.size(); w++) {
            if (words.get(w).start() >= s) {
                return new int[] {w, w};
            }
        }
        return new int[] {words.size() - 1, words.size() - 1};
    }
}
