package io.leadflow.routing.persistence;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A company, by its domain, and the rep who owns it. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    public String domain;

    @Column(name = "owner_rep_id")
    public UUID ownerRepId;
}
