package io.leadflow.routing.persistence;

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

/** One routing decision with its reasons: the rule, the rep (if any) and the reps skipped, as JSON. */
@Entity
@Table(name = "routing_decision")
public class RoutingDecisionRow extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "lead_id")
    public UUID leadId;

    @Column(name = "decided_at")
    public Instant decidedAt;

    /** What asked for the decision: scored, queue, ack_timeout, declined, manager. */
    public String trigger;

    /** assigned, queued or released. */
    public String result;

    @Column(name = "team_id")
    public String teamId;

    @Column(name = "rule_name")
    public String ruleName;

    @Column(name = "rep_id")
    public UUID repId;

    @Column(name = "assignment_id")
    public UUID assignmentId;

    @Column(columnDefinition = "text")
    public String skipped;

    public static Uni<List<RoutingDecisionRow>> ofLead(UUID leadId) {
        return list("leadId = ?1 order by id", leadId);
    }
}
