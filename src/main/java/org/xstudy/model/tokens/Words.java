package org.xstudy.model.tokens;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.model.Word;

/**
 * Splits a text into the words that attributions are given for, with UTF-16 character offsets into the original
 * text. A word is a run of characters that are neither whitespace nor punctuation (letters, digits, marks,
 * symbols), where an apostrophe between two letters stays inside the word ({@code don't}); every punctuation
 * character is a word of its own. This mirrors the BERT pre-tokenizer, so no BERT-style subword piece spans two
 * words; pieces of other tokenizers may, see {@link PieceWords}.
 */
public final class Words {

    private Words() {
    }

    public static List<Word> split(String text) {
        List<Word> words = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            if (isSpace(cp)) {
                i += len;
            } else if (isPunctuation(cp)) {
                words.add(new Word(text.substring(i, i + len), i, i + len));
                i += len;
            } else {
                int start = i;
                i += len;
                while (i < n) {
                    int c = text.codePointAt(i);
                    if (isSpace(c) || isPunctuation(c) && !isInnerApostrophe(text, i, c)) {
                        break;
                    }
                    i += Character.charCount(c);
                }
                words.add(new Word(text.substring(start, i), start, i));
            }
        }
        return List.copyOf(words);
    }

    /**
     * The text with only the words whose flag is set: a removed word's characters are cut out, every other
     * character (spacing and punctuation that is not a word) stays, then runs of whitespace collapse to one space
     * and the ends are trimmed. This is what "removing words" means for every perturbation method and score.
     */
    public static String cut(String text, List<Word> words, boolean[] kept) {
        StringBuilder sb = new StringBuilder(text.length());
        int cursor = 0;
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            if (!kept[i]) {
                sb.append(text, cursor, w.start());
                cursor = w.end();
            }
        }
        sb.append(text, cursor, text.length());
        return sb.toString().replaceAll("\\s+", " ").trim();
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.CONTROL
                || cp == 0xFEFF;
    }

    static boolean isPunctuation(int cp) {
        if (cp >= 33 && cp <= 47 || cp >= 58 && cp <= 64 || cp >= 91 && cp <= 96 || cp >= 123 && cp <= 126) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isInnerApostrophe(String text, int i, int cp) {
        if (cp != '\'' && cp != '\u2019' || i == 0 || i + 1 >= text.length()) {
            return false;
        }
        return Character.isLetter(text.codePointBefore(i)) && Character.isLetter(text.codePointAt(i + 1));
    }
}
