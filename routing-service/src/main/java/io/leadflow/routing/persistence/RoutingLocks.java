package io.leadflow.routing.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Serializes routing decisions across instances: counting a rep's open assignments and giving them one more must not
 * interleave with another decision, or two leads could both take a rep's last free slot. Taken after the lead's own
 * lock ({@code LeadLocks}) everywhere, so the two never wait on each other in opposite orders. The two-key form of
 * the advisory lock never collides with the one-key lead locks.
 */
public final class RoutingLocks {

    private RoutingLocks() {
    }

    /** Held until the caller's transaction ends. */
    public static Uni<Void> decisions() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(7, 0) as varchar)", String.class)
                .getSingleResult())
                .replaceWithVoid();
    }
}
