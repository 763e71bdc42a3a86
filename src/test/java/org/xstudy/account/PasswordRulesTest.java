package org.xstudy.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.xstudy.common.ProblemException;

/** NIST SP 800-63B style password rules: length, the common-password list, repetition, the account's e-mail. */
class PasswordRulesTest {

    private static final String EMAIL = "ada.lovelace@example.org";

    private static String refusal(String password) {
        ProblemException e = assertThrows(ProblemException.class,
                () -> Passwords.check("/password", password, EMAIL), password);
        assertEquals("/password", e.problem().errors().get(0).pointer());
        return e.problem().errors().get(0).message();
    }

    @Test
    void commonPasswordsAreRefusedAlsoWithDigitsOrSymbolsAdded() {
        for (String p : new String[] {"password12", "Password123!", "qwertyuiop", "iloveyou12", "1234567890",
                "football2024", "!!sunshine!!"}) {
            refusal(p);
        }
    }

    @Test
    void repeatedCharactersAndRunsAreRefused() {
        for (String p : new String[] {"aaaaaaaaaa", "ababababab", "abcdefghijk", "9876543210"}) {
            refusal(p);
        }
    }

    @Test
    void theAccountsOwnEmailIsRefused() {
        assertEquals("This password contains your e-mail address. Choose a longer phrase of unrelated words.",
                refusal(EMAIL));
        refusal("ada.lovelace2024");
        refusal("ADA.LOVELACE@EXAMPLE.ORG");
    }

    @Test
    void aLongPhraseOfUnrelatedWordsIsAccepted() {
        Passwords.check("/password", "correct horse battery", EMAIL);
        Passwords.check("/password", "violet tractor 58 sings", EMAIL);
        assertEquals("Use at least 10 characters.", refusal("short1!"));
    }
}
