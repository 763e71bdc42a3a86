package org.xstudy.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Passwords that are easy to guess. The list is the 30,000 most common passwords that the zxcvbn4j library
 * ({@code com.nulab-inc:zxcvbn}, a Maven dependency) ships as a resource; it is read once.
 */
final class CommonPasswords {

    private static final String LIST = "/com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";
    private static final Set<String> COMMON = load();

    private CommonPasswords() {}

    /**
     * Why {@code password} is easy to guess for the account {@code email}, or null when it is not. Digits and symbols
     * added before or after a common password or the e-mail's local part do not make it safe.
     */
    static String weakness(String password, String email) {
        String p = password.toLowerCase(Locale.ROOT);
        String stem = p.replaceAll("[\\d\\W_]+$", "");
        String core = stem.replaceAll("^[\\d\\W_]+", "");
        if (COMMON.contains(p) || COMMON.contains(stem) || COMMON.contains(core)
                || COMMON.contains(p.replaceAll("^[\\d\\W_]+", ""))) {
            return "This is one of the most common passwords.";
        }
        if (p.chars().distinct().count() < 4 || isRun(p)) {
            return "This password repeats a few characters or follows a run such as abcdef or 123456.";
        }
        if (email != null && !email.isBlank()) {
            String mail = email.toLowerCase(Locale.ROOT).strip();
            String local = mail.contains("@") ? mail.substring(0, mail.indexOf('@')) : mail;
            if (p.contains(mail) || stem.equals(local) || core.equals(local)
                    || (core.length() >= 4 && mail.contains(core))) {
                return "This password contains your e-mail address.";
            }
        }
        return null;
    }

    /** Whether every character follows the one before by the same step of 1 ({@code abcdef}, {@code 987654}). */
    private static boolean isRun(String p) {
        int step = p.charAt(1) - p.charAt(0);
        if (Math.abs(step) != 1) {
            return false;
        }
        for (int i = 2; i < p.length(); i++) {
            if (p.charAt(i) - p.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(40_000);
        try (InputStream in = CommonPasswords.class.getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException(LIST + " is missing: the zxcvbn dependency is not on the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    words.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }
}
