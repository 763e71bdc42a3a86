package org.xstudy.model.tokens;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xstudy.model.DifferentiableClassifier.Encoding;
import org.xstudy.model.DifferentiableClassifier.Piece;
import org.xstudy.model.Word;

/**
 * A Hugging Face {@code tokenizer.json} tokenizer that maps its subword pieces to the {@link Words} of the text by
 * character offsets ({@link PieceWords}: a piece may cover several words). Special tokens ({@code [CLS]},
 * {@code [SEP]}) are kept in the ids but are not pieces.
 */
public final class PieceTokenizer implements AutoCloseable {

    /** The bge-small-en-v1.5 tokenizer inside the Maven artifact that also holds the ONNX model. */
    public static final String BGE_TOKENIZER_RESOURCE = "bge-small-en-v1.5-q-tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private PieceTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /**
     * Ids of one text with special tokens, and the pieces (non-special tokens) in the same order; {@code truncated}
     * when the text reached the length limit (its last pieces may be missing).
     */
    public record Tokens(long[] ids, long[] typeIds, int[] pieceIndex, Encoding encoding, boolean truncated) {

        /** The vocabulary ids of the pieces only, without special tokens. */
        public long[] pieceIds() {
            long[] out = new long[pieceIndex.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = ids[pieceIndex[i]];
            }
            return out;
        }

        /**
         * The ids of the text with only the words whose flag is set ({@code keep} indexes
         * {@code encoding().words()}): the special tokens stay and a removed word's pieces go. This equals
         * tokenizing the text with the removed words cut out when no piece spans a kept and a removed word (always
         * so for BERT-style tokenizers); it returns {@code null} where that does not hold and the caller must
         * tokenize the cut text: when the text was truncated, when a piece covers both a kept and a removed word,
         * or when a cut would join two kept words into one (as removing "-" from "well-made" gives "wellmade").
         */
        public long[] keepWords(boolean[] keep) {
            return kept(keep, true);
        }

        /** As {@link #keepWords}, the piece ids only (no special tokens). */
        public long[] keepPieceIds(boolean[] keep) {
            return kept(keep, false);
        }

        private long[] kept(boolean[] keep, boolean special) {
            if (truncated || joinsWords(encoding.text(), encoding.words(), keep)) {
                return null;
            }
            boolean[] take = new boolean[ids.length];
            java.util.Arrays.fill(take, special);
            for (int i = 0; i < pieceIndex.length; i++) {
                Piece piece = encoding.pieces().get(i);
                if (piece.word() < 0) {
                    take[pieceIndex[i]] = true;
                    continue;
                }
                for (int w = piece.word() + 1; w <= piece.lastWord(); w++) {
                    if (keep[w] != keep[piece.word()]) {
                        return null;
                    }
                }
                take[pieceIndex[i]] = keep[piece.word()];
            }
            long[] out = new long[ids.length];
            int k = 0;
            for (int t = 0; t < ids.length; t++) {
                if (take[t]) {
                    out[k++] = ids[t];
                }
            }
            return java.util.Arrays.copyOf(out, k);
        }

        /** True when two kept non-punctuation words end up adjacent, with no space, once the words between go. */
        private static boolean joinsWords(String text, List<Word> words, boolean[] keep) {
            int previousKept = -1;
            for (int w = 0; w < words.size(); w++) {
                if (!keep[w]) {
                    continue;
                }
                if (previousKept >= 0 && previousKept < w - 1 && !punctuation(words.get(previousKept))
                        && !punctuation(words.get(w)) && noSpace(text, words.get(previousKept).end(),
                        words.get(w).start())) {
                    return true;
                }
                previousKept = w;
            }
            return false;
        }

        private static boolean punctuation(Word word) {
            return word.text().codePointCount(0, word.text().length()) == 1
                    && Words.isPunctuation(word.text().codePointAt(0));
        }

        private static boolean noSpace(String text, int from, int to) {
            for (int i = from; i < to; i++) {
                if (Words.isSpace(text.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    public static PieceTokenizer bge() {
        try (InputStream in = PieceTokenizer.class.getClassLoader().getResourceAsStream(BGE_TOKENIZER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BGE_TOKENIZER_RESOURCE + " is not on the classpath");
            }
            return new PieceTokenizer(HuggingFaceTokenizer.newInstance(in, options(512)), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PieceTokenizer fromFile(Path tokenizerJson, int maxLength) throws IOException {
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            return new PieceTokenizer(HuggingFaceTokenizer.newInstance(in, options(maxLength)), maxLength);
        }
    }

    private static Map<String, String> options(int maxLength) {
        return Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "true",
                "maxLength", Integer.toString(maxLength));
    }

    public int maxLength() {
        return maxLength;
    }

    /**
     * The ids of {@code text} keeping only the flagged words of {@link Words#split}, one row per mask, with special
     * tokens or piece ids only. The text is tokenized once (see {@link Tokens#keepWords}); a mask for which
     * dropping ids is not exact has its cut text ({@link Words#cut}) tokenized instead.
     */
    public List<long[]> keepWords(String text, List<boolean[]> keeps, boolean special) {
        Tokens tokens = tokenize(text);
        List<long[]> out = new ArrayList<>(keeps.size());
        for (boolean[] keep : keeps) {
            long[] ids = special ? tokens.keepWords(keep) : tokens.keepPieceIds(keep);
            if (ids == null) {
                Tokens cut = tokenize(Words.cut(text, tokens.encoding().words(), keep));
                ids = special ? cut.ids() : cut.pieceIds();
            }
            out.add(ids);
        }
        return out;
    }

    public Tokens tokenize(String text) {
        ai.djl.huggingface.tokenizers.Encoding enc = tokenizer.encode(text);
        long[] special = enc.getSpecialTokenMask();
        String[] tokens = enc.getTokens();
        CharSpan[] spans = enc.getCharTokenSpans();
        List<Word> words = Words.split(text);
        int[] cpToChar = codePointToCharIndex(text);
        List<Piece> pieces = new ArrayList<>();
        int[] index = new int[tokens.length];
        int count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (special[t] != 0 || spans[t] == null) {
                continue;
            }
            int start = toChar(cpToChar, spans[t].getStart());
            int end = toChar(cpToChar, spans[t].getEnd());
            int[] covered = PieceWords.of(words, text, start, end);
            pieces.add(new Piece(text.substring(start, end), start, end, covered[0], covered[1]));
            index[count++] = t;
        }
        return new Tokens(enc.getIds(), enc.getTypeIds(), java.util.Arrays.copyOf(index, count),
                new Encoding(text, List.copyOf(pieces), words), enc.getIds().length >= maxLength);
    }

    /** The tokenizer reports offsets in Unicode code points; Java strings index UTF-16 chars. */
    private static int[] codePointToCharIndex(String text) {
        int n = text.codePointCount(0, text.length());
        int[] map = new int[n + 1];
        int c = 0;
        for (int cp = 0; cp < n; cp++) {
            map[cp] = c;
            c += Character.charCount(text.codePointAt(c));
        }
        map[n] = text.length();
        return map;
    }

    private static int toChar(int[] map, int codePoint) {
        return map[Math.max(0, Math.min(codePoint, map.length - 1))];
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
