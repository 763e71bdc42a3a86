package org.xstudy.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which database failures are the connection's (503, worth a retry) and which are the request's. */
class DatabaseFailuresTest {

    private static RuntimeException wrapped(String state) {
        return new IllegalStateException("storing an answer failed", new SQLException("server said no", state));
    }

    @Test
    void aTerminatedBackendIsALostConnection() {
        for (String state : new String[] {"57P01", "57P02", "57P03", "08006", "08003"}) {
            assertTrue(DatabaseFailures.isConnectionLost(wrapped(state)), state);
            assertTrue(DatabaseFailures.isDatabaseDown(wrapped(state)), state);
        }
        for (String state : new String[] {"23505", "22021", "42P01", "57014"}) {
            assertFalse(DatabaseFailures.isConnectionLost(wrapped(state)), state);
            assertFalse(DatabaseFailures.isDatabaseDown(wrapped(state)), state);
        }
    }

    @Test
    void workWhoseConnectionDiedIsTriedAgainOtherFailuresAreNot() {
        AtomicInteger calls = new AtomicInteger();
        assertEquals("stored", DatabaseFailures.retrying(() -> {
            if (calls.incrementAndGet() < 3) {
                throw wrapped("57P01");
            }
            return "stored";
        }));
        assertEquals(3, calls.get());

        AtomicInteger conflicts = new AtomicInteger();
        RuntimeException conflict = wrapped("23505");
        assertSame(conflict, assertThrows(RuntimeException.class, () -> DatabaseFailures.retrying(() -> {
            conflicts.incrementAndGet();
            throw conflict;
        })));
        assertEquals(1, conflicts.get(), "a conflict is not retried");

        AtomicInteger down = new AtomicInteger();
        assertThrows(RuntimeException.class, () -> DatabaseFailures.retrying(() -> {
            down.incrementAndGet();
            throw wrapped("57P01");
        }));
        assertEquals(DatabaseFailures.ATTEMPTS, down.get(), "gives up after " + DatabaseFailures.ATTEMPTS);
    }
}
