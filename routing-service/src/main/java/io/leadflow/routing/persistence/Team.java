package io.leadflow.routing.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A team of reps, with the manager who hears about breaches and queued leads. */
@Entity
@Table(name = "team")
public class Team extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    @Column(name = "manager_rep_id")
    public UUID managerRepId;

    /** The team's own acknowledgement time-out; null: the service default. */
    @Column(name = "ack_timeout_seconds")
    public Integer ackTimeoutSeconds;

    /** The team's business hours for the SLA ({@code SlaCalendar} as JSON); null: the SLA runs in elapsed time. */
    @Column(name = "sla_calendar", columnDefinition = "text")
    public String slaCalendar;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The team's SLA business hours, if it counts the SLA in them. */
    public java.util.Optional<io.leadflow.routing.domain.SlaCalendar> calendar() {
        return java.util.Optional.ofNullable(slaCalendar)
                .map(json -> io.leadflow.events.EventJson.read(json, io.leadflow.routing.domain.SlaCalendar.class));
    }
}
