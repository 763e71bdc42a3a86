package org.xstudy.common;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Reads a {@code timestamptz} column of a native query, whichever Java type the driver and Hibernate hand back. */
public final class SqlTimes {

    private SqlTimes() {}

    /** The value as an {@link OffsetDateTime} in UTC, or null for SQL NULL. */
    public static OffsetDateTime toOffset(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return ((Timestamp) o).toInstant().atOffset(ZoneOffset.UTC);
    }
}
