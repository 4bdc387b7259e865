package io.leadflow.events;

import java.time.Instant;
import java.util.UUID;

/** {@code lead.erasure.requested.v1}: a person asked to be forgotten; only a hash of the email travels. */
public record ErasureRequested(UUID requestId, UUID leadId, String emailSha256, Instant requestedAt) {
}
