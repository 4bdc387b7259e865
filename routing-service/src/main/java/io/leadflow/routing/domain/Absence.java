package io.leadflow.routing.domain;

import java.time.Instant;

/** An out-of-office period, {@code from} inclusive, {@code until} exclusive. */
public record Absence(Instant from, Instant until) {

    public boolean covers(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(until);
    }
}
