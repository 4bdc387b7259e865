package io.leadflow.intake.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Values of native query results, as the reactive PostgreSQL client hands them back. */
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
}
