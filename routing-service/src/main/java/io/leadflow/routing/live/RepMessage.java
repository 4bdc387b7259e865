package io.leadflow.routing.live;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.leadflow.events.Temperature;
import io.leadflow.routing.domain.LeadSummary;

/** A message on a rep's socket ({@code type}: {@code assignment}, later {@code revoked}, {@code escalation}, {@code task}). */
public record RepMessage(
        String type,
        UUID assignmentId,
        UUID leadId,
        LeadSummary lead,
        int score,
        String grade,
        Temperature temperature,
        List<String> reasons,
        Instant acceptBy) {
}
