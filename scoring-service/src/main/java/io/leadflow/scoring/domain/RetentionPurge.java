package io.leadflow.scoring.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.leadflow.support.vertx.VertxContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Retention (GDPR storage limitation): deletes what scoring no longer needs, by kind, on a schedule, and counts what
 * it removed in {@code leadflow_privacy_purged_total{kind}}. Kinds: {@code unconverted_leads} (a lead that never
 * became sales-accepted, with its contributions and history, once not scored for the retention; default 24 months)
 * and {@code processed_events} (de-duplication ids, default 90 days). A lead still in use is re-scored, which
 * refreshes its time, so only dormant leads go.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    private static final String DORMANT = "select lead_id from lead_score where stage <> 'SQL' and scored_at < :before";

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "leadflow.scoring.retention.unconverted-leads", defaultValue = "P730D")
    Duration unconvertedLeads;

    @ConfigProperty(name = "leadflow.scoring.retention.processed-events", defaultValue = "P90D")
    Duration processedEvents;

    @ConfigProperty(name = "leadflow.scoring.retention.every", defaultValue = "PT1H")
    Duration every;

    @ConfigProperty(name = "leadflow.scoring.retention.enabled", defaultValue = "true")
    boolean enabled;

    private final AtomicBoolean running = new AtomicBoolean();

    void schedule(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        vertx.setPeriodic(every.toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                VertxContexts.runOnNewContext(vertx.getDelegate(), () -> purge()
                        .onTermination().invoke(() -> running.set(false))
                        .subscribe().with(purged -> LOG.debugf("Retention purge removed %s", purged),
                                failure -> LOG.warn("Retention purge failed; the next one retries", failure)));
            }
        });
    }

    /** Runs every kind once; returns the rows removed per kind. */
    public Uni<Map<String, Integer>> purge() {
        Instant now = clock.instant();
        Map<String, Integer> purged = new LinkedHashMap<>();
        var leadsBefore = now.minus(unconvertedLeads).atOffset(ZoneOffset.UTC);
        var eventsBefore = now.minus(processedEvents).atOffset(ZoneOffset.UTC);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("delete from score_contribution where lead_id in (" + DORMANT + ")")
                .setParameter("before", leadsBefore).executeUpdate()
                .chain(() -> session.createNativeQuery("delete from score_change where lead_id in (" + DORMANT + ")")
                        .setParameter("before", leadsBefore).executeUpdate())
                .chain(() -> session.createNativeQuery("delete from lead_score where stage <> 'SQL' "
                        + "and scored_at < :before").setParameter("before", leadsBefore).executeUpdate())
                .invoke(leads -> purged.put("unconverted_leads", leads))
                .chain(() -> session.createNativeQuery("delete from processed_event where processed_at < :before")
                        .setParameter("before", eventsBefore).executeUpdate())
                .invoke(events -> purged.put("processed_events", events))))
                .invoke(() -> purged.forEach((kind, rows) -> registry.counter("leadflow.privacy.purged", "kind", kind)
                        .increment(rows)))
                .replaceWith(purged);
    }
}
