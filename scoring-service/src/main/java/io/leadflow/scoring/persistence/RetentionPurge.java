package io.leadflow.scoring.persistence;

import java.time.Duration;
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
 * Retention (GDPR storage limitation) of what scoring holds, run by {@link RetentionPurges}. Kinds:
 * {@code unconverted_leads} (a lead that never became sales-accepted, with its contributions and history, once not
 * scored for the retention; default 24 months) and {@code processed_events} (de-duplication ids, default 90 days). A
 * lead still in use is re-scored, which refreshes its time, so only dormant leads go.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final String DORMANT = "select lead_id from lead_score where stage <> 'SQL' and scored_at < :before";

    @Inject
    RetentionPurges purges;

    @ConfigProperty(name = "leadflow.scoring.retention.unconverted-leads", defaultValue = "P730D")
    Duration unconvertedLeads;

    @ConfigProperty(name = "leadflow.scoring.retention.processed-events", defaultValue = "P90D")
    Duration processedEvents;

    @ConfigProperty(name = "leadflow.scoring.retention.every", defaultValue = "PT1H")
    Duration every;

    @ConfigProperty(name = "leadflow.scoring.retention.enabled", defaultValue = "true")
    boolean enabled;

    void schedule(@Observes StartupEvent started) {
        if (enabled) {
            purges.schedule(every, this::purge);
        }
    }

    /** Runs every kind once; returns the rows removed per kind. */
    public Uni<Map<String, Integer>> purge() {
        return purges.purge(List.of(
                new RetentionKind("unconverted_leads", unconvertedLeads, (session, before) -> session
                        .createNativeQuery("delete from score_contribution where lead_id in (" + DORMANT + ")")
                        .setParameter("before", before).executeUpdate()
                        .chain(() -> session.createNativeQuery("delete from score_change where lead_id in ("
                                + DORMANT + ")").setParameter("before", before).executeUpdate())
                        .chain(() -> session.createNativeQuery("delete from lead_score where stage <> 'SQL' "
                                + "and scored_at < :before").setParameter("before", before).executeUpdate())),
                RetentionKind.deleting("processed_events", processedEvents,
                        "delete from processed_event where processed_at < :before")));
    }
}
