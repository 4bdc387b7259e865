package io.leadflow.support.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Values of native queries: results as the reactive PostgreSQL client hands them back, and times to bind. */
public final class SqlValues {

    private SqlValues() {
    }

    /** A {@code timestamptz} column (or null) as an instant. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        return ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
    }

    /** An instant to bind to a {@code timestamptz} parameter. */
    public static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
