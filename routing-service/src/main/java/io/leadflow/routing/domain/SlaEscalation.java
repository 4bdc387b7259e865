package io.leadflow.routing.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.LeadAssignment;
import io.leadflow.routing.live.RepMessages;
import io.leadflow.routing.live.RepNotifier;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.Outbox;
import io.leadflow.routing.persistence.RoutedLead;
import io.leadflow.routing.persistence.Team;
import io.smallrye.mutiny.Uni;

/**
 * A lead not accepted within the SLA of its {@code receivedAt}: {@code sla_breached}, counted per team, and
 * {@code escalated} to the team's manager, whose consoles get it like an assignment. Runs once per lead: the deadline
 * is cleared in the same transaction.
 */
@ApplicationScoped
public class SlaEscalation {

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    RepNotifier notifier;

    @Inject
    RoutingMetrics metrics;

    public Uni<Void> breach(RoutedLead lead, Consumer<Runnable> after) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        lead.slaDueAt = null;
        lead.slaBreachedAt = now;
        lead.updatedAt = now;
        return Assignment.activeOfLead(lead.leadId).chain(active -> Team.<Team> findById(lead.teamId)
                .chain(team -> {
                    LeadAssignment breached = new LeadAssignment(active == null ? null : active.id, lead.leadId,
                            AssignmentStatus.SLA_BREACHED, active == null ? null : active.repId, null, null, null,
                            "not accepted within the SLA", lead.score, lead.temperature, lead.reasonList(),
                            lead.receivedAt, active == null ? null : active.acceptBy, now);
                    after.accept(() -> metrics.slaBreached(lead.teamId));
                    Uni<Void> stored = outbox.add(breached);
                    if (team == null || team.managerRepId == null) {
                        return stored;
                    }
                    LeadAssignment escalated = new LeadAssignment(active == null ? null : active.id, lead.leadId,
                            AssignmentStatus.ESCALATED, team.managerRepId, null, active == null ? null : active.repId,
                            null, "sla breached: escalated to the manager of team " + team.id, lead.score,
                            lead.temperature, lead.reasonList(), lead.receivedAt, null, now);
                    after.accept(() -> notifier.push(team.managerRepId, RepMessages.escalation(lead,
                            active == null ? null : active.id, "sla_breached")));
                    return stored.chain(() -> outbox.add(escalated));
                }));
    }
}
