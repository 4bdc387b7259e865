package io.leadflow.support.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

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

    /** A text column of rows, to bind as an array parameter ({@code unnest}), nulls included. */
    public static <T> String[] texts(List<T> rows, Function<T, String> column) {
        return rows.stream().map(column).toArray(String[]::new);
    }

    /** A time column of rows as ISO text, to bind as an array cast to {@code timestamptz[]} in SQL, nulls included. */
    public static <T> String[] times(List<T> rows, Function<T, Instant> column) {
        return rows.stream().map(column).map(t -> t == null ? null : t.toString()).toArray(String[]::new);
    }
}
