package io.leadflow.support.messaging;

import java.time.Duration;

/**
 * A processing attempt that produced nothing within {@code leadflow.consumer.attempt-timeout}: a database or broker
 * call that never answered. The attempt is abandoned (its transaction rolled back) and retried like any other failure.
 */
public class AttemptTimedOutException extends RuntimeException {

    public AttemptTimedOutException(String consumer, String eventId, Duration bound) {
        super(consumer + " had no outcome for event " + eventId + " after " + bound.toMillis()
                + " ms (a database or broker call that never answered); the attempt is abandoned and its transaction"
                + " rolled back, and the retry takes another connection");
    }
}
