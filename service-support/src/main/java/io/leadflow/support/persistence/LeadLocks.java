package io.leadflow.support.persistence;

import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Serializes the work on one lead across consumers of different topics (and instances): a PostgreSQL advisory lock
 * on the lead id, held until the caller's transaction ends. Without it, two events of one lead processed at once
 * could each miss what the other wrote.
 */
public final class LeadLocks {

    private LeadLocks() {
    }

    /** Waits for, and takes, the lead's lock. Must run inside a transaction. */
    public static Uni<Void> lock(UUID leadId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(:key) as varchar)", String.class)
                .setParameter("key", leadId.getMostSignificantBits() ^ leadId.getLeastSignificantBits())
                .getSingleResult())
                .replaceWithVoid();
    }

    /**
     * Takes the lead's lock and, in the same round trip, tells whether {@code table} (a name from code, never from
     * input) holds a row for the lead in its {@code lead_id} column. Must run inside a transaction.
     */
    public static Uni<Boolean> lockAndFind(UUID leadId, String table) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(:key) as varchar) || cast(exists(select 1 from "
                        + table + " where lead_id = :lead) as varchar)", String.class)
                .setParameter("key", leadId.getMostSignificantBits() ^ leadId.getLeastSignificantBits())
                .setParameter("lead", leadId)
                .getSingleResult())
                .map("true"::equals);
    }
}
