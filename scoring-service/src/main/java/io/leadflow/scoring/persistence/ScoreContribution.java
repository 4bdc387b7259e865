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

import io.leadflow.scoring.domain.RuleSet;
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


    public static Uni<List<ScoreContribution>> ofLead(UUID leadId) {
        return list("leadId = ?1 order by id", leadId);
    }

    /** How many times some rules counted for a lead since {@code since} (page views for repeated visits). */
    public static Uni<Long> countSince(UUID leadId, List<String> rules, Instant since) {
        return count("leadId = ?1 and rule in ?2 and occurredAt >= ?3", leadId, rules, since);
    }

    public RuleSet.Earned earned() {
        return new RuleSet.Earned(rule, category, points, occurredAt);
    }

    /** The points a rule has earned a lead so far (for caps). */
    public static Uni<Integer> earnedFor(UUID leadId, String rule) {
        return find("select coalesce(sum(points), 0) from ScoreContribution where leadId = ?1 and rule = ?2",
                leadId, rule).project(Long.class).firstResult().map(sum -> sum == null ? 0 : sum.intValue());
    }
}
