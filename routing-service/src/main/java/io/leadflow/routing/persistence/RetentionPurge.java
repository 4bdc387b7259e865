package io.leadflow.routing.persistence;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.leadflow.routing.config.RoutingConfig;
import io.leadflow.support.privacy.RetentionKind;
import io.leadflow.support.privacy.RetentionPurges;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Retention (GDPR storage limitation) of what routing holds, run by {@link RetentionPurges}. Kinds:
 * <ul>
 * <li>{@code inactive_leads}: a lead with no open assignment (assigned, or accepted and not closed by a final
 * outcome), no open task, and nothing new about it (scored, routed, assigned, accepted, closed, decided, task
 * created or done) for the retention (default 24 months) loses its summary, routing state, assignments, decisions,
 * tasks and finished deliveries. The counter counts leads. Metrics are counters and gauges of open work, so nothing
 * they show depends on these rows; the erased-lead tombstones (ids only) stay;</li>
 * <li>{@code processed_events}: de-duplication ids (default 90 days).</li>
 * </ul>
 * Finished outbound deliveries already go after 7 days ({@code OutboundDeliveries}).
 */
@ApplicationScoped
public class RetentionPurge {

    /** Every lead routing knows, with nothing open or recent. */
    static final String INACTIVE = "select l.lead_id from (select lead_id from known_lead union select lead_id "
            + "from routed_lead union select lead_id from assignment union select lead_id from rep_task "
            + "union select lead_id from routing_decision) l "
            + "where not exists (select 1 from known_lead k where k.lead_id = l.lead_id and k.updated_at >= :before) "
            + "and not exists (select 1 from routed_lead r where r.lead_id = l.lead_id and (r.updated_at >= :before "
            + "or r.state in ('QUEUED', 'ASSIGNED'))) "
            + "and not exists (select 1 from assignment a where a.lead_id = l.lead_id and ((a.closed_at is null "
            + "and a.status in ('ASSIGNED', 'ACCEPTED')) or greatest(a.assigned_at, a.accepted_at, a.closed_at) "
            + ">= :before)) "
            + "and not exists (select 1 from rep_task t where t.lead_id = l.lead_id and (t.done_at is null "
            + "or t.done_at >= :before or t.created_at >= :before)) "
            + "and not exists (select 1 from routing_decision d where d.lead_id = l.lead_id "
            + "and d.decided_at >= :before)";

    private static final List<String> TABLES = List.of("routing_decision", "rep_task", "assignment", "routed_lead",
            "known_lead");

    @Inject
    RetentionPurges purges;

    @Inject
    RoutingConfig config;

    void schedule(@Observes StartupEvent started) {
        if (config.retention().enabled()) {
            purges.schedule(config.retention().every(), this::purge);
        }
    }

    /** Runs every kind once; returns what was removed per kind (leads, ids). */
    public Uni<Map<String, Integer>> purge() {
        return purges.purge(List.of(
                new RetentionKind("inactive_leads", config.retention().inactiveLeads(), (session, before) -> session
                        .createNativeQuery("create temporary table inactive_lead on commit drop as " + INACTIVE)
                        .setParameter("before", before).executeUpdate()
                        .chain(inactive -> {
                            Uni<Void> deletes = session.createNativeQuery("delete from outbound_delivery where "
                                    + "state <> 'pending' and lead_id in (select lead_id from inactive_lead)")
                                    .executeUpdate().replaceWithVoid();
                            for (String table : TABLES) {
                                deletes = deletes.chain(() -> session.createNativeQuery("delete from " + table
                                        + " where lead_id in (select lead_id from inactive_lead)").executeUpdate()
                                        .replaceWithVoid());
                            }
                            return deletes.replaceWith(inactive);
                        })),
                RetentionKind.deleting("processed_events", config.retention().processedEvents(),
                        "delete from processed_event where processed_at < :before")));
    }
}
