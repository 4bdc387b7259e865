package io.leadflow.routing.domain;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a team shares its leads among its eligible reps. */
public enum Distribution {
    /** Turns in proportion to each rep's weight, the position kept in PostgreSQL. */
    WEIGHTED_ROUND_ROBIN,
    /** The rep with the fewest open assignments. */
    LEAST_LOADED,
    /** Only the account owner; without one available the lead waits in the queue. */
    OWNER_ONLY;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Distribution fromWire(String value) {
        return Arrays.stream(values()).filter(d -> d.wire().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("distribution must be one of weighted_round_robin, "
                        + "least_loaded, owner_only"));
    }
}
