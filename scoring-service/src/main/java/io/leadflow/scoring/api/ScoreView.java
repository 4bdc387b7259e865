package io.leadflow.scoring.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;

/**
 * The answer of {@code GET /api/v1/leads/{leadId}/score}: the score, every contribution that produced it (with the
 * rule set that priced it and the decay applied to engagement now, by the rule set in force), and the history of
 * changes.
 */
public record ScoreView(
        UUID leadId,
        int score,
        int fitScore,
        int engagementScore,
        String grade,
        Temperature temperature,
        Stage stage,
        String ruleSetVersion,
        String ruleSetInForce,
        int engagementHalfLifeDays,
        Instant receivedAt,
        Instant scoredAt,
        Instant salesAcceptedAt,
        List<ContributionView> contributions,
        List<ChangeView> history) {

    public record ContributionView(String rule, String category, int points, double pointsNow, String reason,
            String eventId, String ruleSetVersion, Instant occurredAt) {
    }

    public record ChangeView(Instant at, String eventId, Integer scoreBefore, int scoreAfter,
            String temperatureBefore, String temperatureAfter, String grade, String stage) {
    }
}
