package io.leadflow.intake.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An event committed with the change that caused it, waiting for the relay to publish it. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "lead_id")
    public UUID leadId;

    @Column(name = "ce_type")
    public String ceType;

    @Column(columnDefinition = "text")
    public String payload;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    /** An import's event: relayed after every live one waiting, to its type's bulk topic. */
    public boolean bulk;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
