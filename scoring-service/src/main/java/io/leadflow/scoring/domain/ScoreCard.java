package io.leadflow.scoring.domain;

import java.util.List;

import io.leadflow.events.Contribution;
import io.leadflow.events.Enrichment;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;

/** The result of scoring one lead: every contribution, the totals and the classification they lead to. */
public record ScoreCard(
        Enrichment enrichment,
        List<Contribution> contributions,
        int fitScore,
        int engagementScore,
        int score,
        String grade,
        Temperature temperature,
        Stage stage,
        String ruleSetVersion) {
}
