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
 * A routing release of a lead nurturing has not seen scored yet (the two topics are not ordered with each other):
 * kept, under the lead's lock, until {@code leads.scored} brings the snapshot to enrol it with.
 */
@Entity
@Table(name = "pending_release")
public class PendingRelease extends PanacheEntityBase {

    @Id
    @Column(name = "lead_id")
    public UUID leadId;

    @Column(name = "cause_event_id")
    public String causeEventId;

    @Column(name = "released_at")
    public Instant releasedAt;

    /** Keeps the release (the latest one, if several came before the snapshot), inside the caller's transaction. */
    public static Uni<Void> keep(UUID leadId, String causeEventId, Instant now) {
        return PendingRelease.<PendingRelease> findById(leadId).chain(found -> {
            PendingRelease release = found != null ? found : new PendingRelease();
            release.leadId = leadId;
            release.causeEventId = causeEventId;
            release.releasedAt = now;
            return found != null ? Uni.createFrom().voidItem() : release.persist().replaceWithVoid();
        });
    }

    /** Removes and returns the lead's pending release, or null. */
    public static Uni<PendingRelease> take(UUID leadId) {
        return PendingRelease.<PendingRelease> findById(leadId).chain(found -> found == null
                ? Uni.createFrom().nullItem()
                : found.delete().replaceWith(found));
    }
}
