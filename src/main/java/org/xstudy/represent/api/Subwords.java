package org.xstudy.represent.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Merges subword tokens into words, adding up their scores: a WordPiece {@code ##} piece continues the previous
 * word; when the tokens carry SentencePiece {@code ▁} or byte-level BPE {@code Ġ} word-start markers, a piece
 * without the marker continues the previous word. Special tokens are dropped and end a word.
 */
final class Subwords {

    static final Set<String> SPECIAL = Set.of("[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]", "<s>", "</s>", "<pad>",
            "<unk>", "<mask>", "<cls>", "<sep>");

    /** A word, its summed score and the index of its first token. */
    record Word(String text, double score, int first) {}

    private Subwords() {}

    static List<Word> merge(List<String> tokens, List<Double> scores) {
        boolean marked = tokens.stream().anyMatch(Subwords::startsWord);
        List<Word> out = new ArrayList<>();
        boolean boundary = true;
        for (int j = 0; j < tokens.size(); j++) {
            String raw = tokens.get(j);
            String piece = raw.replaceFirst("^(##|\u0120|\u2581)", "");
            if (SPECIAL.contains(raw) || piece.isBlank()) {
                boundary = true;
                continue;
            }
            boolean continues = !boundary && !out.isEmpty()
                    && (raw.startsWith("##") || (marked && !startsWord(raw)));
            if (continues) {
                Word last = out.remove(out.size() - 1);
                out.add(new Word(last.text() + piece, last.score() + scores.get(j), last.first()));
            } else {
                out.add(new Word(piece, scores.get(j), j));
            }
            boundary = false;
        }
        return out;
    }

    /** The words joined by spaces, punctuation attached to the word before it. */
    static String text(List<Word> words) {
        StringBuilder b = new StringBuilder();
        for (Word w : words) {
            if (!b.isEmpty() && !w.text().matches("[.,!?;:)\\]}%']+")) {
                b.append(' ');
            }
            b.append(w.text());
        }
        return b.toString();
    }

    private static boolean startsWord(String token) {
        return token.startsWith("\u2581") || token.startsWith("\u0120");
    }
}
