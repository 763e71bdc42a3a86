package org.xstudy.prolific;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xstudy.common.ProblemException;

/** AES-GCM at rest: round trip, a fresh IV each time, bound to its row, and no key means no storing. */
class TokenCipherTest {

    @Test
    void sealsAndOpensAndBindsToItsPurpose() {
        TokenCipher c = cipher(Optional.of("a long passphrase for tests only"));
        byte[] a = c.encrypt("prolific-token-123", "prolific-token:7");
        byte[] b = c.encrypt("prolific-token-123", "prolific-token:7");
        assertFalse(Arrays.equals(a, b), "a fresh IV each time");
        assertFalse(new String(a, StandardCharsets.ISO_8859_1).contains("prolific-token-123"));
        assertEquals("prolific-token-123", c.decrypt(a, "prolific-token:7"));
        ProblemException moved = assertThrows(ProblemException.class, () -> c.decrypt(a, "prolific-token:8"));
        assertEquals(409, moved.problem().status(), "a value copied to another account does not open");
        ProblemException otherKey = assertThrows(ProblemException.class,
                () -> cipher(Optional.of("another key")).decrypt(a, "prolific-token:7"));
        assertEquals(409, otherKey.problem().status());
    }

    @Test
    void withoutAKeyNothingIsStoredAndTheProblemSaysWhy() {
        ProblemException e = assertThrows(ProblemException.class,
                () -> cipher(Optional.empty()).encrypt("t", "prolific-token:1"));
        assertEquals(503, e.problem().status());
        assertTrue(e.problem().detail().contains("XSTUDY_SECRET_KEY"), e.problem().detail());
        assertThrows(ProblemException.class, () -> cipher(Optional.of("  ")).encrypt("t", "prolific-token:1"));
    }

    private static TokenCipher cipher(Optional<String> key) {
        TokenCipher c = new TokenCipher();
        c.settings = new ProlificSettings() {
            public String apiUrl() { return "https://api.prolific.com/api/v1/"; }
            public Optional<String> secretKey() { return key; }
            public String completionUrl() { return "https://app.prolific.com/submissions/complete?cc={code}"; }
            public Duration pollInterval() { return Duration.ofMinutes(2); }
            public Duration maxRetryWait() { return Duration.ofSeconds(60); }
            public int maxRetries() { return 5; }
            public int batchSize() { return 500; }
            public Duration timeout() { return Duration.ofSeconds(30); }
        };
        return c;
    }
}
