package io.leadflow.support.privacy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.function.BiFunction;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * One kind of personal data under retention: its name (the {@code kind} label of
 * {@code leadflow_privacy_purged_total}), how long it is kept, and what deletes the rows older than a cut-off inside
 * the purge's transaction, answering how many it removed.
 */
public record RetentionKind(String name, Duration keptFor,
        BiFunction<Mutiny.Session, OffsetDateTime, Uni<Integer>> purge) {

    /** A kind removed by one statement whose {@code :before} parameter is the cut-off. */
    public static RetentionKind deleting(String name, Duration keptFor, String sql) {
        return new RetentionKind(name, keptFor, (session, before) -> session.createNativeQuery(sql)
                .setParameter("before", before).executeUpdate());
    }
}
