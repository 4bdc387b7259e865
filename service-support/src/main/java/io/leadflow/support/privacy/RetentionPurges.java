package io.leadflow.support.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.support.vertx.VertxContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Retention (GDPR storage limitation) as every service runs it: its kinds of data, each with its own period, purged
 * in one transaction on a schedule (hourly by default, never two runs at once), what was removed counted in
 * {@code leadflow_privacy_purged_total{kind}} once committed, and logged as counts only.
 */
@ApplicationScoped
public class RetentionPurges {

    private static final Logger LOG = Logger.getLogger(RetentionPurges.class);

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    /** Runs {@code purge} every {@code every} on a Vert.x context of its own; a failed run is logged. */
    public long schedule(Duration every, Supplier<Uni<Map<String, Integer>>> purge) {
        AtomicBoolean running = new AtomicBoolean();
        return vertx.setPeriodic(every.toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                VertxContexts.runOnNewContext(vertx, () -> Uni.createFrom().deferred(purge::get)
                        .onTermination().invoke(() -> running.set(false))
                        .subscribe().with(RetentionPurges::log,
                                failure -> LOG.warnf("Retention purge failed; the next one retries: %s",
                                        failure.toString())));
            }
        });
    }

    /** Runs every kind once, in one transaction, with cut-offs from the clock; returns the rows removed per kind. */
    public Uni<Map<String, Integer>> purge(List<RetentionKind> kinds) {
        Instant now = clock.instant();
        Map<String, Integer> purged = new LinkedHashMap<>();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RetentionKind kind : kinds) {
                var before = now.minus(kind.keptFor()).atOffset(ZoneOffset.UTC);
                chain = chain.chain(() -> kind.purge().apply(session, before)
                        .invoke(rows -> purged.put(kind.name(), rows))
                        .replaceWithVoid());
            }
            return chain;
        })).invoke(() -> purged.forEach((kind, rows) -> registry.counter("leadflow.privacy.purged", "kind", kind)
                .increment(rows))).replaceWith(purged);
    }

    private static void log(Map<String, Integer> purged) {
        if (purged.values().stream().anyMatch(rows -> rows > 0)) {
            LOG.infof("Retention purge removed %s", purged);
        } else {
            LOG.debugf("Retention purge removed nothing");
        }
    }
}
