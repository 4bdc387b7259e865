package io.leadflow.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code lead.assignment.v1}: one step of an assignment's lifecycle. {@code outcome} is set with status
 * {@code outcome}; {@code previousRepId} with {@code reassigned}; {@code reason} where a decision has one.
 */
public record LeadAssignment(
        UUID assignmentId,
        UUID leadId,
        AssignmentStatus status,
        UUID repId,
        String repName,
        UUID previousRepId,
        Outcome outcome,
        String reason,
        int score,
        Temperature temperature,
        List<String> reasons,
        Instant receivedAt,
        Instant acceptBy,
        Instant occurredAt) {
}
