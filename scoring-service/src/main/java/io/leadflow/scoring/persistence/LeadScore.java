package io.leadflow.scoring.persistence;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.leadflow.events.EventJson;
import io.leadflow.events.Stage;
import io.leadflow.events.Temperature;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A lead's current score and classification, with the snapshot of the lead it was computed from. */
@Entity
@Table(name = "lead_score")
public class LeadScore extends PanacheEntityBase {

    @Id
    @Column(name = "lead_id")
    public UUID leadId;

    @Column(name = "fit_score")
    public int fitScore;

    @Column(name = "engagement_score")
    public int engagementScore;

    public int score;

    public String grade;

    @Enumerated(EnumType.STRING)
    public Temperature temperature;

    @Enumerated(EnumType.STRING)
    public Stage stage;

    @Column(name = "rule_set_version")
    public String ruleSetVersion;

    /** The lead as last received ({@code LeadProfile} as JSON), so a re-score needs no other service. */
    @Column(name = "lead_snapshot", columnDefinition = "text")
    public String leadSnapshot;

    /** The enrichment as last computed ({@code Enrichment} as JSON). */
    @Column(columnDefinition = "text")
    public String enrichment;

    /** The form answers the lead gave (JSON object), for qualification rules and simulations. */
    @Column(columnDefinition = "text")
    public String answers;

    /** When a rep accepted the lead or a meeting was booked: the lead is sales-qualified from then on. */
    @Column(name = "sales_accepted_at")
    public Instant salesAcceptedAt;

    /** The form answers as a map (empty when the lead gave none). */
    public Map<String, String> answerMap() {
        if (answers == null) {
            return Map.of();
        }
        try {
            return EventJson.mapper().readValue(answers, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lead_score.answers of " + leadId + " is not a JSON object", e);
        }
    }

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "scored_at")
    public Instant scoredAt;
}
