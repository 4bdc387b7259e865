package io.leadflow.events;

/** A record whose value cannot be read as the event its topic carries: it belongs in the dead-letter topic. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
