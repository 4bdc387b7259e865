package io.leadflow.events;

import java.time.Instant;
import java.util.UUID;

/** {@code lead.erasure.completed.v1}: one service confirms it erased what it held of the person. */
public record ErasureCompleted(UUID requestId, UUID leadId, String service, Instant completedAt) {
}
