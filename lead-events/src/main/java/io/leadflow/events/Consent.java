package io.leadflow.events;

import java.time.Instant;

/** Marketing consent exactly as it was given (or refused): never inferred. */
public record Consent(boolean marketing, String textVersion, Instant recordedAt, String channel) {
}
