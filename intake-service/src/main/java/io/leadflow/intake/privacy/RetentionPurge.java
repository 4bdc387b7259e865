package io.leadflow.intake.privacy;

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
 * Retention (GDPR storage limitation) of what intake holds, per kind, on a schedule; each run counts what it removed
 * in {@code leadflow_privacy_purged_total{kind}}:
 * <ul>
 * <li>{@code dormant_identities}: a person who submitted nothing for the retention (default 24 months) loses their
 * email to lead id row; their consent answers stay as anonymous proof (email hash, time, source), as on erasure;</li>
 * <li>{@code idempotency_keys}: stored answers to retried requests (default 7 days);</li>
 * <li>{@code import_jobs}: CSV imports and their row errors, which quote the rows (default 90 days).</li>
 * </ul>
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "leadflow.intake.retention.dormant-identities", defaultValue = "P730D")
    Duration dormantIdentities;

    @ConfigProperty(name = "leadflow.intake.retention.idempotency-keys", defaultValue = "P7D")
    Duration idempotencyKeys;

    @ConfigProperty(name = "leadflow.intake.retention.import-jobs", defaultValue = "P90D")
    Duration importJobs;

    @ConfigProperty(name = "leadflow.intake.retention.every", defaultValue = "PT1H")
    Duration every;

    @ConfigProperty(name = "leadflow.intake.retention.enabled", defaultValue = "true")
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
        var identitiesBefore = now.minus(dormantIdentities).atOffset(ZoneOffset.UTC);
        var keysBefore = now.minus(idempotencyKeys).atOffset(ZoneOffset.UTC);
        var importsBefore = now.minus(importJobs).atOffset(ZoneOffset.UTC);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("update consent_record c set email_sha256 = encode(sha256(convert_to(i.email, "
                        + "'UTF8')), 'hex'), lead_id = null, ip = null, erased_at = :now from lead_identity i "
                        + "where c.lead_id = i.lead_id and i.last_seen_at < :before")
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).setParameter("before", identitiesBefore)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("delete from lead_identity where last_seen_at < :before")
                        .setParameter("before", identitiesBefore).executeUpdate())
                .invoke(rows -> purged.put("dormant_identities", rows))
                .chain(() -> session.createNativeQuery("delete from idempotency_key where created_at < :before")
                        .setParameter("before", keysBefore).executeUpdate())
                .invoke(rows -> purged.put("idempotency_keys", rows))
                .chain(() -> session.createNativeQuery("delete from import_row_error where import_id in (select id "
                        + "from import_job where created_at < :before)")
                        .setParameter("before", importsBefore).executeUpdate())
                .chain(() -> session.createNativeQuery("delete from import_job where "
                        + "created_at < :before").setParameter("before", importsBefore).executeUpdate())
                .invoke(rows -> purged.put("import_jobs", rows))))
                .invoke(() -> purged.forEach((kind, rows) -> registry.counter("leadflow.privacy.purged", "kind", kind)
                        .increment(rows)))
                .replaceWith(purged);
    }
}
