package io.leadflow.routing.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The round-robin position of a pool of reps, in PostgreSQL: it survives restarts, and because it is advanced by one
 * atomic statement (whose row lock lasts until the transaction ends), several instances never hand out the same turn.
 */
@ApplicationScoped
public class Rotation {

    private static final String NEXT_TURN = "insert into rotation_state (pool, turn) values (:pool, 0) "
            + "on conflict (pool) do update set turn = rotation_state.turn + 1 returning turn";

    /** The next turn of the pool, starting at 0. Must run inside a transaction. */
    public Uni<Long> nextTurn(String pool) {
        return Panache.getSession().chain(session -> session.createNativeQuery(NEXT_TURN, Long.class)
                .setParameter("pool", pool)
                .getSingleResult());
    }
}
