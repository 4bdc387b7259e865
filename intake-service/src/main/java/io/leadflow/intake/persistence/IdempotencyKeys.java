package io.leadflow.intake.persistence;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Requests sent with an {@code Idempotency-Key}: the first one's answer is stored in the same transaction as its
 * effect, and a retry gets that answer again. Two concurrent requests with one key serialize on the key's row.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** A stored answer. */
    public record StoredAnswer(String requestHash, int status, String body) {
    }

    /** Claims the key for this request; returns the earlier answer when the key was used before. */
    public Uni<StoredAnswer> claim(String scope, String key, String requestHash, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into idempotency_key (scope, key, request_hash, status, response, created_at) "
                        + "values (:scope, :key, :hash, 0, '', :now) on conflict do nothing")
                .setParameter("scope", scope).setParameter("key", key).setParameter("hash", requestHash)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate()
                .chain(inserted -> inserted == 1 ? Uni.createFrom().nullItem()
                        : session.createNativeQuery("select request_hash, status, response from idempotency_key "
                                + "where scope = :scope and key = :key", Object[].class)
                                .setParameter("scope", scope).setParameter("key", key)
                                .getSingleResult()
                                .map(row -> new StoredAnswer((String) row[0], ((Number) row[1]).intValue(),
                                        (String) row[2]))));
    }

    /** Stores the answer of the request that claimed the key, in its transaction. */
    public Uni<Void> complete(String scope, String key, int status, String body) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update idempotency_key set status = :status, response = :body where scope = :scope and key = :key")
                .setParameter("status", status).setParameter("body", body)
                .setParameter("scope", scope).setParameter("key", key)
                .executeUpdate())
                .replaceWithVoid();
    }
}
