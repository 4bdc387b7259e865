package io.leadflow.events;

import java.util.Locale;

/** Enums travel as their lower-case names ({@code quote_request}, {@code hot}); this reads them back. */
final class WireEnum {

    private WireEnum() {
    }

    static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // No cause attached: Jackson reports the innermost message, and this one names the value.
            throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + value + "'");
        }
    }
}
