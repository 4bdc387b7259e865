package io.leadflow.scoring.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** What the external provider answered for a domain (found or not), kept so one company is asked once per TTL. */
@Entity
@Table(name = "provider_cache")
public class ProviderAnswer extends PanacheEntityBase {

    @Id
    public String domain;

    public boolean found;

    /** The provider's company as {@code Firmographics} JSON, when found. */
    @Column(columnDefinition = "text")
    public String data;

    @Column(name = "fetched_at")
    public Instant fetchedAt;
}
