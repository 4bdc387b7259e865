package io.leadflow.nurturing.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.leadflow.events.LeadProfile;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Stage;
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

    /**
     * Keeps the latest snapshot of a scored lead (inside the caller's transaction), or answers null and keeps nothing
     * when the one kept is newer: a lead's imported score can arrive after its live one (they travel on different
     * topics).
     */
    public static Uni<NurtureLead> remember(LeadScored scored, Instant now) {
        LeadProfile profile = scored.lead();
        return NurtureLead.<NurtureLead> findById(scored.leadId()).chain(found -> {
            if (found != null && found.scoredAt != null && scored.scoredAt() != null
                    && scored.scoredAt().isBefore(found.scoredAt)) {
                return Uni.createFrom().nullItem();
            }
            NurtureLead lead = found != null ? found : new NurtureLead();
            lead.leadId = scored.leadId();
            lead.email = profile.contact() == null ? null : profile.contact().email();
            lead.firstName = profile.contact() == null ? null : profile.contact().firstName();
            lead.lastName = profile.contact() == null ? null : profile.contact().lastName();
            lead.company = profile.company() == null ? null : profile.company().name();
            lead.industry = scored.enrichment() == null ? null : scored.enrichment().industry();
            lead.country = profile.country();
            lead.language = profile.language();
            lead.timeZone = profile.timeZone();
            lead.source = profile.source();
            lead.temperature = scored.temperature() == null ? null : scored.temperature().wire();
            lead.grade = scored.grade();
            // A stage this version does not know (a newer scoring's) is kept as no stage, which sequences never ask for.
            lead.stage = scored.stage() == null || scored.stage() == Stage.UNKNOWN ? null : scored.stage().wire();
            lead.marketingConsent = profile.consent() != null && profile.consent().marketing();
            lead.receivedAt = profile.receivedAt();
            lead.updatedAt = now;
            lead.scoredAt = scored.scoredAt();
            return found != null ? Uni.createFrom().item(lead) : lead.persist().replaceWith(lead);
        });
    }
}
