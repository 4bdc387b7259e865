package io.leadflow.nurturing.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When a touch whose SMTP delivery failed is tried again: the delay doubles with each attempt from {@code first} up
 * to {@code max}; after {@code maxAttempts} attempts the touch is given up.
 */
public record RetryBackOff(Duration first, Duration max, int maxAttempts) {

    /** The next try after the {@code attempts}-th failed one (counting from 1). */
    public Instant nextTry(Instant now, int attempts) {
        Duration delay = first;
        for (int i = 1; i < attempts && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return now.plus(delay.compareTo(max) > 0 ? max : delay);
    }

    public boolean givesUpAfter(int attempts) {
        return attempts >= maxAttempts;
    }
}
