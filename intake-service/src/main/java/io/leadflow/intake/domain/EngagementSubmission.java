package io.leadflow.intake.domain;

import java.util.Map;

/** One activity as a client posts it to {@code POST /api/v1/engagements}: the lead by id or by email. */
public record EngagementSubmission(String leadId, String email, String activity, String occurredAt,
        Map<String, String> details) {
}
