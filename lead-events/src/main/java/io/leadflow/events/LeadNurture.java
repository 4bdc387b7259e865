package io.leadflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code lead.nurture.v1}: one step of a nurturing enrollment's lifecycle. {@code step}, {@code channel} and
 * {@code dueAt} describe a touch or task; {@code reason} an exit.
 */
public record LeadNurture(
        UUID leadId,
        UUID enrollmentId,
        String sequenceId,
        NurtureStatus status,
        Integer step,
        Channel channel,
        Instant dueAt,
        String reason,
        Instant receivedAt,
        Instant occurredAt) {
}
