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

import io.leadflow.events.EventJson;
import io.leadflow.events.Temperature;
import io.leadflow.routing.domain.LeadFacts;
import io.leadflow.routing.domain.LeadSummary;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Routing's view of one hot lead: where it stands, its SLA deadline, and what later decisions need to know. */
@Entity
@Table(name = "routed_lead")
public class RoutedLead extends PanacheEntityBase {

    /** Where a routed lead stands. */
    public enum State {
        QUEUED, ASSIGNED, ACCEPTED, RELEASED
    }

    @Id
    @Column(name = "lead_id")
    public UUID leadId;

    @Enumerated(EnumType.STRING)
    public State state;

    @Column(name = "team_id")
    public String teamId;

    @Column(columnDefinition = "text")
    public String facts;

    @Column(name = "lead_summary", columnDefinition = "text")
    public String leadSummary;

    public int score;

    public String grade;

    @Enumerated(EnumType.STRING)
    public Temperature temperature;

    @Column(columnDefinition = "text")
    public String reasons;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "queued_at")
    public Instant queuedAt;

    /** When the lead breaches the speed-to-lead SLA unless accepted first; null once accepted or breached. */
    @Column(name = "sla_due_at")
    public Instant slaDueAt;

    @Column(name = "sla_breached_at")
    public Instant slaBreachedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Came from an import (the bulk lane): routed like any other, counted apart in the speed-to-lead metrics. */
    public boolean bulk;

    public LeadFacts factsValue() {
        return EventJson.read(facts, LeadFacts.class);
    }

    public LeadSummary summary() {
        return EventJson.read(leadSummary, LeadSummary.class);
    }

    public List<String> reasonList() {
        return List.of(EventJson.read(reasons, String[].class));
    }
}
