package io.leadflow.scoring.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** One rule's points in a lead's current score, with the event that caused it. */
@Entity
@Table(name = "score_contribution")
public class ScoreContribution extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "lead_id")
    public UUID leadId;

    public String rule;

    public int points;

    public String reason;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Uni<List<ScoreContribution>> ofLead(UUID leadId) {
        return list("leadId = ?1 order by id", leadId);
    }
}
