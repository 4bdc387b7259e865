package io.leadflow.routing.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The durable timers: acknowledgement deadlines (on assignments), SLA deadlines and the waiting queue (on routed
 * leads). A sweeper first lists what is due, then claims each one in its own transaction after the lead's lock with
 * {@code FOR UPDATE SKIP LOCKED} and re-checks it, so two instances never act on one timer twice, and a restart
 * loses none (the rows stay until handled).
 */
@ApplicationScoped
public class Deadlines {

    public Uni<List<UUID>> ackDueLeads(Instant now, int limit) {
        return leadIds("select cast(lead_id as varchar) from assignment where status = 'ASSIGNED' and accept_by <= :now "
                + "order by accept_by limit :limit", now, limit);
    }

    public Uni<List<UUID>> slaDueLeads(Instant now, int limit) {
        return leadIds("select cast(lead_id as varchar) from routed_lead where sla_due_at <= :now "
                + "order by sla_due_at limit :limit", now, limit);
    }

    public Uni<List<UUID>> queuedLeads(Instant now, int limit) {
        return leadIds("select cast(lead_id as varchar) from routed_lead where state = 'QUEUED' and queued_at <= :now "
                + "order by queued_at limit :limit", now, limit);
    }

    /** The lead's assignment whose acknowledgement is due, claimed; null when another instance has it or it moved. */
    public Uni<Assignment> claimAckDue(UUID leadId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select * from assignment where lead_id = :lead and status = 'ASSIGNED' and accept_by <= :now "
                        + "for update skip locked", Assignment.class)
                .setParameter("lead", leadId)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** The routed lead if its SLA is due, claimed; null otherwise. */
    public Uni<RoutedLead> claimSlaDue(UUID leadId, Instant now) {
        return claimLead("select * from routed_lead where lead_id = :lead and sla_due_at <= :now "
                + "for update skip locked", leadId, now);
    }

    /** The routed lead if it still waits in the queue, claimed; null otherwise. */
    public Uni<RoutedLead> claimQueued(UUID leadId, Instant now) {
        return claimLead("select * from routed_lead where lead_id = :lead and state = 'QUEUED' and queued_at <= :now "
                + "for update skip locked", leadId, now);
    }

    private Uni<RoutedLead> claimLead(String sql, UUID leadId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, RoutedLead.class)
                .setParameter("lead", leadId)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    private Uni<List<UUID>> leadIds(String sql, Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, String.class)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("limit", limit)
                .getResultList())
                .map(ids -> ids.stream().map(UUID::fromString).distinct().toList());
    }
}
