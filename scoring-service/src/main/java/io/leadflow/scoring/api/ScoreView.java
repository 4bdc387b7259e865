package io.leadflow.scoring.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;

/** The answer of {@code GET /api/v1/leads/{leadId}/score}: the score and every contribution that produced it. */
public record ScoreView(
        UUID leadId,
        int score,
        int fitScore,
        int engagementScore,
        String grade,
        Temperature temperature,
        Stage stage,
        String ruleSetVersion,
        Instant receivedAt,
        Instant scoredAt,
        List<ContributionView> contributions) {

    public record ContributionView(String rule, int points, String reason, String eventId, Instant at) {
    }
}
