package io.leadflow.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** {@code lead.engagement.v1}: one activity of a known lead ({@code formType} only for {@code form_submitted}). */
public record LeadEngagement(
        UUID leadId,
        Activity activity,
        FormType formType,
        Map<String, String> details,
        Instant occurredAt,
        Instant receivedAt) {
}
