package io.leadflow.scoring.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import io.leadflow.scoring.domain.RuleSet;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** One rule's points in a lead's current score, with the event that caused it. */
@Entity
@Table(name = "score_contribution")
public class ScoreContribution extends PanacheEntityBase {

    // A pooled sequence, not identity: the rows of one event are inserted in one batch.
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "score_contribution_ids")
    @SequenceGenerator(name = "score_contribution_ids", sequenceName = "score_contribution_seq", allocationSize = 50)
    public Long id;

    @Column(name = "lead_id")
    public UUID leadId;

    public String rule;

    /** {@code fit} (who they are), {@code qualification} (their answers) or {@code engagement} (what they did). */
    public String category;

    public int points;

    public String reason;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "rule_set_version")
    public String ruleSetVersion;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "created_at")
    public Instant createdAt;

    /** A lead's contributions in the order they happened (ids come in blocks per instance, not in time order). */
    public static Uni<List<ScoreContribution>> ofLead(UUID leadId) {
        return list("leadId = ?1 order by occurredAt, createdAt, id", leadId);
    }

    public RuleSet.Earned earned() {
        return new RuleSet.Earned(rule, category, points, occurredAt);
    }
}
