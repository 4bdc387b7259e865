package io.leadflow.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code lead.scored.v1}: a full snapshot of the lead as scoring knows it, with its grade, scores, temperature and
 * stage, emitted whenever one of these changed.
 */
public record LeadScored(
        UUID leadId,
        LeadProfile lead,
        Enrichment enrichment,
        String grade,
        int fitScore,
        int engagementScore,
        int score,
        Temperature temperature,
        Stage stage,
        String ruleSetVersion,
        List<Contribution> topContributions,
        Instant scoredAt) {
}
