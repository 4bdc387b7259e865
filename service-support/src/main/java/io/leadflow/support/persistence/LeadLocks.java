package io.leadflow.support.persistence;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.leadflow.support.vertx.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;

/**
 * Serializes the work on one lead across consumers of different topics (and instances): a PostgreSQL advisory lock
 * on the lead id, held until the caller's transaction ends. Without it, two events of one lead processed at once
 * could each miss what the other wrote.
 */
public final class LeadLocks {

    private LeadLocks() {
    }

    /** The advisory lock key of a lead: every place that locks a lead uses this one. */
    public static long key(UUID leadId) {
        return leadId.getMostSignificantBits() ^ leadId.getLeastSignificantBits();
    }

    // The order by puts the lock calls after the sort, so they are taken in the array's (ascending) order.
    private static final String LOCK_ALL = "select count(*) from (select pg_advisory_xact_lock(key) "
            + "from unnest(cast(:keys as bigint[])) with ordinality as keys(key, position) order by position) locked";

    private static final String HELD = LeadLocks.class.getName() + ".held";

    /**
     * Takes the locks of many leads in one statement (a consumed batch's), in ascending order of their keys, so two
     * transactions locking overlapping sets never wait on each other in a circle. Until the transaction ends, a
     * {@link #lock} of one of these leads on the same Vert.x context (the batch's handlers) needs no round trip.
     */
    public static Uni<Void> lockAll(Collection<UUID> leadIds) {
        Long[] keys = leadIds.stream().map(LeadLocks::key).distinct().sorted().toArray(Long[]::new);
        if (keys.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK_ALL, Long.class)
                .setParameter("keys", keys)
                .getSingleResult())
                .invoke(() -> {
                    if (VertxContexts.onDuplicatedContext()) {
                        ContextLocals.put(HELD, Set.copyOf(leadIds));
                    }
                })
                .replaceWithVoid();
    }

    /** Waits for, and takes, the lead's lock. Must run inside a transaction. */
    public static Uni<Void> lock(UUID leadId) {
        if (heldAlready(leadId)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(:key) as varchar)", String.class)
                .setParameter("key", key(leadId))
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
                .setParameter("key", key(leadId))
                .setParameter("lead", leadId)
                .getSingleResult())
                .map("true"::equals);
    }

    private static boolean heldAlready(UUID leadId) {
        if (!VertxContexts.onDuplicatedContext()) {
            return false;
        }
        Optional<Set<UUID>> held = ContextLocals.get(HELD);
        return held.isPresent() && held.get().contains(leadId);
    }
}
