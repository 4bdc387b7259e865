package io.leadflow.nurturing.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * The latest snapshot of a scored lead as nurturing keeps it: what emails are personalised with, whether the person
 * consented, and what a lead that routing hands back is enrolled again with.
 */
@Entity
@Table(name = "nurture_lead")
public class NurtureLead extends PanacheEntityBase {

    @Id
    @Column(name = "lead_id")
    public UUID leadId;

    public String email;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "last_name")
    public String lastName;

    public String company;

    public String industry;

    public String country;

    public String language;

    @Column(name = "time_zone")
    public String timeZone;

    public String source;

    public String temperature;

    public String grade;

    public String stage;

    @Column(name = "marketing_consent")
    public boolean marketingConsent;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** What the lead last downloaded, from its {@code content_downloaded} engagement. */
    @Column(name = "last_content")
    public String lastContent;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When scoring computed the snapshot kept here (null for snapshots kept before it was recorded). */
    @Column(name = "scored_at")
    public Instant scoredAt;

    public static Uni<NurtureLead> byId(UUID leadId) {
        return findById(leadId);
    }
}
