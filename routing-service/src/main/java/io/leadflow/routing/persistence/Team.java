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

    @Column(name = "created_at")
    public Instant createdAt;
}
