package io.leadflow.routing.live;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.leadflow.events.Temperature;
import io.leadflow.routing.domain.LeadSummary;

/**
 * A message on a rep's socket and SSE stream ({@code type}: {@code assignment}, {@code revoked} (moved to another
 * rep), {@code escalation} (to managers), {@code task}). Replays carry the same ids, so a client de-duplicates.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepMessage(
        String type,
        UUID assignmentId,
        UUID taskId,
        UUID leadId,
        LeadSummary lead,
        Integer score,
        String grade,
        Temperature temperature,
        List<String> reasons,
        Instant acceptBy,
        String reason) {
}
