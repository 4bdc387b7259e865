package io.leadflow.nurturing.persistence;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.leadflow.nurturing.config.NurturingConfig;
import io.leadflow.support.privacy.RetentionKind;
import io.leadflow.support.privacy.RetentionPurges;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Retention (GDPR storage limitation) of what nurturing holds, run by {@link RetentionPurges}. Kinds:
 * <ul>
 * <li>{@code finished_enrollments}: an exited or completed enrollment and its touches (sent, skipped, cancelled),
 * once finished for the retention (default 24 months);</li>
 * <li>{@code lead_snapshots}: the snapshot of a lead with no enrollment left, not updated for the retention (default
 * 24 months), and its pending hand-back;</li>
 * <li>{@code suppression_addresses}: the plain address of a suppression entry older than the retention (default 24
 * months). The entry itself (lead id, SHA-256 of the address, reason) is kept forever on purpose: it is what stops
 * nurturing from ever emailing that person again;</li>
 * <li>{@code processed_events}: de-duplication ids (default 90 days).</li>
 * </ul>
 */
@ApplicationScoped
public class RetentionPurge {

    private static final String FINISHED = "select id from enrollment where status <> 'ACTIVE' "
            + "and coalesce(completed_at, exited_at, enrolled_at) < :before";

    @Inject
    RetentionPurges purges;

    @Inject
    NurturingConfig config;

    void schedule(@Observes StartupEvent started) {
        if (config.retention().enabled()) {
            purges.schedule(config.retention().every(), this::purge);
        }
    }

    /** Runs every kind once; returns the rows removed per kind. */
    public Uni<Map<String, Integer>> purge() {
        NurturingConfig.Retention retention = config.retention();
        return purges.purge(List.of(
                new RetentionKind("finished_enrollments", retention.finishedEnrollments(), (session, before) -> session
                        .createNativeQuery("delete from scheduled_touch where enrollment_id in (" + FINISHED + ")")
                        .setParameter("before", before).executeUpdate()
                        .chain(() -> session.createNativeQuery("delete from enrollment where id in (" + FINISHED + ")")
                                .setParameter("before", before).executeUpdate())),
                new RetentionKind("lead_snapshots", retention.leadSnapshots(), (session, before) -> session
                        .createNativeQuery("delete from pending_release p where released_at < :before and not exists "
                                + "(select 1 from enrollment e where e.lead_id = p.lead_id)")
                        .setParameter("before", before).executeUpdate()
                        .chain(() -> session.createNativeQuery("delete from nurture_lead l where updated_at < :before "
                                + "and not exists (select 1 from enrollment e where e.lead_id = l.lead_id)")
                                .setParameter("before", before).executeUpdate())),
                RetentionKind.deleting("suppression_addresses", retention.suppressionAddresses(),
                        "update suppression set email = null where email is not null and created_at < :before"),
                RetentionKind.deleting("processed_events", retention.processedEvents(),
                        "delete from processed_event where processed_at < :before")));
    }
}
