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
import io.leadflow.events.Temperature;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A lead given to a rep. At most one per lead (a unique constraint backs the router's check). */
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

    public static Uni<Assignment> ofLead(UUID leadId) {
        return find("leadId", leadId).firstResult();
    }

    public static Uni<List<Assignment>> ofRep(UUID repId) {
        return list("repId = ?1 order by assignedAt desc", repId);
    }
}
