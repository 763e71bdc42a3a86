package org.xstudy.common;

/** Checks on text from outside (participants' answers, data-set rows) before it goes anywhere near the database. */
public final class Text {

    private Text() {}

    /**
     * Whether PostgreSQL can store {@code s} as it is: no NUL or other control character but tab, line feed and
     * carriage return, and no half of a surrogate pair (broken UTF-16, which would be stored as {@code ?}).
     */
    public static boolean storable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
