package io.leadflow.support.messaging;

/** An event that parsed but cannot be processed as it stands (a required field missing): dead-letter material. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
