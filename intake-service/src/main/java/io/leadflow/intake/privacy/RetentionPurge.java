package io.leadflow.intake.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.leadflow.support.privacy.RetentionKind;
import io.leadflow.support.privacy.RetentionPurges;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Retention (GDPR storage limitation) of what intake holds, per kind, run by {@link RetentionPurges}:
 * <ul>
 * <li>{@code dormant_identities}: a person who submitted nothing for the retention (default 24 months) loses their
 * email to lead id row; their consent answers stay as anonymous proof (email hash, time, source), as on erasure;</li>
 * <li>{@code idempotency_keys}: stored answers to retried requests (default 7 days);</li>
 * <li>{@code import_jobs}: CSV imports, their row errors, which quote the rows, and their leads' progress (default
 * 90 days);</li>
 * <li>{@code exports}: access and portability exports with every service's part, the period (default 30 days) after
 * they completed, or after they were requested for one that never completed;</li>
 * <li>{@code processed_events}: de-duplication ids of the events intake consumes (default 90 days).</li>
 * </ul>
 */
@ApplicationScoped
public class RetentionPurge {

    @Inject
    RetentionPurges purges;

    @Inject
    Clock clock;

    @ConfigProperty(name = "leadflow.intake.retention.dormant-identities", defaultValue = "P730D")
    Duration dormantIdentities;

    @ConfigProperty(name = "leadflow.intake.retention.idempotency-keys", defaultValue = "P7D")
    Duration idempotencyKeys;

    @ConfigProperty(name = "leadflow.intake.retention.import-jobs", defaultValue = "P90D")
    Duration importJobs;

    @ConfigProperty(name = "leadflow.intake.retention.exports", defaultValue = "P30D")
    Duration exports;

    @ConfigProperty(name = "leadflow.intake.retention.processed-events", defaultValue = "P90D")
    Duration processedEvents;

    @ConfigProperty(name = "leadflow.intake.retention.every", defaultValue = "PT1H")
    Duration every;

    @ConfigProperty(name = "leadflow.intake.retention.enabled", defaultValue = "true")
    boolean enabled;

    void schedule(@Observes StartupEvent started) {
        if (enabled) {
            purges.schedule(every, this::purge);
        }
    }

    /** Runs every kind once; returns the rows removed per kind. */
    public Uni<Map<String, Integer>> purge() {
        return purges.purge(List.of(
                new RetentionKind("dormant_identities", dormantIdentities, (session, before) -> session
                        .createNativeQuery("update consent_record c set email_sha256 = encode(sha256(convert_to("
                                + "i.email, 'UTF8')), 'hex'), lead_id = null, ip = null, erased_at = :now "
                                + "from lead_identity i where c.lead_id = i.lead_id and i.last_seen_at < :before")
                        .setParameter("now", clock.instant().atOffset(ZoneOffset.UTC)).setParameter("before", before)
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery("delete from lead_identity where last_seen_at < :before")
                                .setParameter("before", before).executeUpdate())),
                RetentionKind.deleting("idempotency_keys", idempotencyKeys,
                        "delete from idempotency_key where created_at < :before"),
                new RetentionKind("import_jobs", importJobs, (session, before) -> session
                        .createNativeQuery("delete from import_row_error where import_id in (select id "
                                + "from import_job where created_at < :before)")
                        .setParameter("before", before).executeUpdate()
                        // Their leads' progress goes with them (on delete cascade).
                        .chain(() -> session.createNativeQuery("delete from import_job where created_at < :before")
                                .setParameter("before", before).executeUpdate())),
                // Their parts go with them (on delete cascade).
                RetentionKind.deleting("exports", exports,
                        "delete from export_request where coalesce(completed_at, requested_at) < :before"),
                RetentionKind.deleting("processed_events", processedEvents,
                        "delete from processed_event where processed_at < :before")));
    }
}
