package org.xstudy.common;

import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Supplier;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells failures of the database connection apart from failures of a request, and retries a unit of work whose
 * pooled connection died under it (PostgreSQL restarted, or a backend was terminated by an administrator).
 */
public final class DatabaseFailures {

    /** Attempts of a unit of work whose connection was lost; later attempts get a fresh connection. */
    static final int ATTEMPTS = 3;

    private DatabaseFailures() {}

    /**
     * True when the failure comes from the database being unreachable, a connection lost under a statement, or every
     * pooled connection being busy for longer than the acquisition timeout: not from the request. Such failures are
     * answered 503 with {@code Retry-After}.
     */
    public static boolean isDatabaseDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException || lostConnection(t)) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.startsWith("io.agroal") || (t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a connection that was open failed: the server ended the backend (SQL states 57P01 administrator
     * command, 57P02 crash, 57P03 cannot connect now) or the link broke (class 08). Connecting again can succeed at
     * once, so the unit of work is worth one more try. An acquisition timeout is not retried: it already waited.
     */
    public static boolean isConnectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException || lostConnection(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean lostConnection(Throwable t) {
        String state = t instanceof SQLException s ? s.getSQLState() : null;
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    /**
     * Runs {@code work}, again (up to {@link #ATTEMPTS} times in all, after 20 and 40 ms) when it failed because its
     * connection was lost. Only for work that is idempotent or commits in one transaction: a failed attempt has
     * either committed nothing or is recognised as done by the next one.
     */
    public static <T> T retrying(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isConnectionLost(e)) {
                    throw e;
                }
                pause(20L * attempt);
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
