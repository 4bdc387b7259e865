package io.leadflow.intake.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Normalized email to one stable lead id: the same person filling a second form keeps their lead id. */
@ApplicationScoped
public class LeadIdentities {

    // One statement, so two concurrent first submissions of one email still agree on a single lead id.
    private static final String UPSERT = "insert into lead_identity (email, lead_id, first_seen_at, last_seen_at) "
            + "values (:email, :leadId, :now, :now) "
            + "on conflict (email) do update set last_seen_at = excluded.last_seen_at returning lead_id";

    /** The lead id of this email, created on first sight. Must run inside a transaction. */
    public Uni<UUID> leadIdFor(String normalizedEmail, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT, UUID.class)
                .setParameter("email", normalizedEmail)
                .setParameter("leadId", UUID.randomUUID())
                .setParameter("now", at)
                .getSingleResult());
    }
}
