package io.leadflow.routing.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.Outcome;
import io.leadflow.events.Temperature;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * A lead given to a rep. A lead may have several over time (declined, timed out, reassigned), at most one active
 * ({@code assigned} or {@code accepted}): a partial unique index backs the router's check.
 */
@Entity
@Table(name = "assignment")
public class Assignment extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "lead_id")
    public UUID leadId;

    @Column(name = "rep_id")
    public UUID repId;

    @Enumerated(EnumType.STRING)
    public AssignmentStatus status;

    /** The lead summary shown to the rep ({@code LeadSummary} as JSON). */
    @Column(name = "lead_summary", columnDefinition = "text")
    public String leadSummary;

    public int score;

    public String grade;

    @Enumerated(EnumType.STRING)
    public Temperature temperature;

    /** The top scoring reasons shown to the rep (a JSON array of strings). */
    @Column(columnDefinition = "text")
    public String reasons;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "assigned_at")
    public Instant assignedAt;

    @Column(name = "accept_by")
    public Instant acceptBy;

    @Column(name = "team_id")
    public String teamId;

    @Column(name = "previous_rep_id")
    public UUID previousRepId;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    @Column(name = "outcome_reason")
    public String outcomeReason;

    /** When the rep's work on it ended (a final outcome, declined, moved on, released); frees capacity. */
    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "closed_reason")
    public String closedReason;

    /** The lead's active assignment (assigned or accepted), if any. */
    public static Uni<Assignment> activeOfLead(UUID leadId) {
        return find("leadId = ?1 and status in ?2", leadId,
                List.of(AssignmentStatus.ASSIGNED, AssignmentStatus.ACCEPTED)).firstResult();
    }

    public static Uni<List<Assignment>> allOfLead(UUID leadId) {
        return list("leadId = ?1 order by assignedAt", leadId);
    }

    /** What a rep still has to accept, oldest first: replayed to a console that connects. */
    public static Uni<List<Assignment>> pendingOfRep(UUID repId) {
        return list("repId = ?1 and status = ?2 order by assignedAt", repId, AssignmentStatus.ASSIGNED);
    }

    public static Uni<List<Assignment>> ofRep(UUID repId) {
        return list("repId = ?1 order by assignedAt desc", repId);
    }
}
