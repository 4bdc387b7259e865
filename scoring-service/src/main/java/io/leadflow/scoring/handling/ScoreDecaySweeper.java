package io.leadflow.scoring.handling;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.leadflow.events.Temperature;
import io.leadflow.scoring.config.ScoringConfig;
import io.leadflow.support.vertx.VertxContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Engagement decays with time, not only with events: every {@code leadflow.scoring.decay.every} the warm and hot leads
 * are re-scored, and those whose temperature, grade or stage changed (hot to warm) are published. Each lead in its own
 * transaction under its lock, so a sweep on a second instance, or an event arriving meanwhile, changes nothing twice.
 */
@Singleton
public class ScoreDecaySweeper {

    private static final Logger LOG = Logger.getLogger(ScoreDecaySweeper.class);

    private final AtomicBoolean running = new AtomicBoolean();

    @Inject
    ScoringConfig config;

    @Inject
    Clock clock;

    @Inject
    ScoringHandler scoring;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    void schedule(@Observes StartupEvent started) {
        if (!config.decay().enabled()) {
            return;
        }
        vertx.setPeriodic(config.decay().every().toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                VertxContexts.runOnNewContext(vertx.getDelegate(), () -> sweep()
                        .onTermination().invoke(() -> running.set(false))
                        .subscribe().with(published -> LOG.debugf("Decay sweep published %d transitions", published),
                                failure -> LOG.warn("Decay sweep failed; the next one retries", failure)));
            }
        });
    }

    /** Re-scores every warm or hot lead once; returns how many transitions it published. */
    public Uni<Integer> sweep() {
        Instant started = clock.instant();
        return page(started, new UUID(0, 0), 0).invoke(published -> registry.counter(
                "leadflow.scoring.decay.transitions").increment(published));
    }

    /** One batch of warm and hot leads after {@code after}, by id, so leads that cool down skip nothing. */
    private Uni<Integer> page(Instant started, UUID after, int published) {
        int size = config.decay().batchSize();
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createSelectionQuery(
                "select s.leadId from LeadScore s where s.temperature in (:temperatures) and s.leadId > :after "
                        + "order by s.leadId", UUID.class)
                .setParameter("temperatures", List.of(Temperature.HOT, Temperature.WARM))
                .setParameter("after", after)
                .setMaxResults(size)
                .getResultList()))
                .chain(ids -> {
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(published);
                    }
                    Uni<Integer> chain = Uni.createFrom().item(published);
                    for (UUID leadId : ids) {
                        chain = chain.chain(count -> Panache.withTransaction(() -> scoring.decay(leadId,
                                "decay/" + leadId + "/" + started)).map(did -> did ? count + 1 : count));
                    }
                    return chain.chain(count -> ids.size() < size ? Uni.createFrom().item(count)
                            : page(started, ids.get(ids.size() - 1), count));
                });
    }
}
