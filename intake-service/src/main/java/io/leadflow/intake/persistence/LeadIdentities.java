package io.leadflow.intake.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Normalized email to one stable lead id: the same person filling a second form keeps their lead id. */
@ApplicationScoped
public class LeadIdentities {

    /**
     * A person's lead id, whether this submission is the one that created it, and whether an import created it and
     * this is the person's first live submission since ({@code firstLiveOfImported}).
     */
    public record Identity(UUID leadId, boolean isNew, boolean firstLiveOfImported) {

        public Identity(UUID leadId, boolean isNew) {
            this(leadId, isNew, false);
        }
    }

    // One statement, so two concurrent first submissions of one email still agree on a single lead id;
    // xmax = 0 only on a freshly inserted row. The sub-select in RETURNING reads the row as it was before this
    // statement (PostgreSQL's snapshot), so it tells whether an import had created the person and no live
    // submission had come since: this one clears the mark.
    private static final String UPSERT = "insert into lead_identity (email, lead_id, first_seen_at, last_seen_at) "
            + "values (:email, :leadId, :now, :now) "
            + "on conflict (email) do update set last_seen_at = excluded.last_seen_at, imported = false "
            + "returning lead_id, (xmax = 0) as inserted, "
            + "coalesce((select before.imported from lead_identity before where before.email = :email), false)";

    /** The identity of this email, created on first sight. Must run inside a transaction. */
    public Uni<Identity> resolve(String normalizedEmail, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT, Object[].class)
                .setParameter("email", normalizedEmail)
                .setParameter("leadId", UUID.randomUUID())
                .setParameter("now", at)
                .getSingleResult())
                .map(row -> new Identity((UUID) row[0], (Boolean) row[1], (Boolean) row[2]));
    }

    private static final String UPSERT_ALL = "insert into lead_identity (email, lead_id, first_seen_at, last_seen_at, "
            + "imported) select email, lead_id, :now, :now, true "
            + "from unnest(cast(:emails as varchar[]), cast(:leadIds as uuid[])) "
            + "as row(email, lead_id) "
            + "on conflict (email) do update set last_seen_at = excluded.last_seen_at "
            + "returning email, lead_id, (xmax = 0) as inserted";

    /**
     * The identities of many distinct emails in one statement (an import batch), by email; the people it creates are
     * marked imported. Must run inside a transaction.
     */
    public Uni<java.util.Map<String, Identity>> resolveAll(List<String> distinctEmails, Instant now) {
        if (distinctEmails.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        UUID[] leadIds = distinctEmails.stream().map(email -> UUID.randomUUID()).toArray(UUID[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT_ALL, Object[].class)
                .setParameter("emails", distinctEmails.toArray(String[]::new))
                .setParameter("leadIds", leadIds)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .getResultList())
                .map(rows -> rows.stream().collect(java.util.stream.Collectors.toMap(row -> (String) row[0],
                        row -> new Identity((UUID) row[1], (Boolean) row[2]))));
    }

    /** The lead id of a known email, or null. */
    public Uni<UUID> find(String normalizedEmail) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select lead_id from lead_identity where email = :email", UUID.class)
                .setParameter("email", normalizedEmail)
                .getSingleResultOrNull());
    }

    /** Whether a lead id is known here. */
    public Uni<Boolean> exists(UUID leadId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from lead_identity where lead_id = :leadId", Long.class)
                .setParameter("leadId", leadId)
                .getSingleResult())
                .map(count -> count > 0);
    }
}
