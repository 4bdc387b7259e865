package io.leadflow.routing.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.routing.config.RoutingConfig;
import io.leadflow.routing.live.RepMessages;
import io.leadflow.routing.live.RepNotifier;
import io.leadflow.routing.messaging.OutboxRelay;
import io.leadflow.routing.persistence.Account;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.Outbox;
import io.leadflow.routing.persistence.RepDirectory;
import io.leadflow.routing.persistence.RoutedLead;
import io.leadflow.routing.persistence.RoutingDecisionRow;
import io.leadflow.routing.persistence.RoutingLocks;
import io.leadflow.routing.persistence.RoutingRuleRow;
import io.leadflow.routing.persistence.Rotation;
import io.leadflow.routing.persistence.Team;
import io.smallrye.mutiny.Uni;

/**
 * Places a lead: runs the {@link RoutingDecider} over the stored reps, rules and accounts, then gives the lead to the
 * picked rep, leaves it waiting in its team's queue (the manager is told once), or releases it to nurturing when every
 * rep who could take it already had it. The decision, the assignment and its event (through the outbox) are written in
 * the caller's transaction, which must hold the lead's lock; pushes happen after the commit.
 */
@ApplicationScoped
public class LeadPlacer {

    private static final Logger LOG = Logger.getLogger(LeadPlacer.class);

    @Inject
    Clock clock;

    @Inject
    RoutingConfig config;

    @Inject
    RepDirectory directory;

    @Inject
    Rotation rotation;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    RepNotifier notifier;

    @Inject
    RoutingMetrics metrics;

    /**
     * @param trigger what asked for the decision: {@code scored}, {@code queue}, {@code ack_timeout}, {@code declined}
     * @param previous the assignment that just ended (declined or timed out), or null
     */
    public Uni<Void> place(RoutedLead lead, String trigger, Assignment previous, Consumer<Runnable> afterCommit) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        LeadFacts facts = lead.factsValue();
        return RoutingLocks.decisions()
                .chain(() -> directory.candidates())
                .chain(reps -> RoutingRuleRow.inOrder().chain(rules -> owner(facts, reps)
                        .chain(owner -> Assignment.allOfLead(lead.leadId).chain(earlier -> {
                            Set<UUID> alreadyHad = earlier.stream().map(a -> a.repId).collect(Collectors.toSet());
                            RoutingPlan plan = RoutingDecider.plan(facts, owner,
                                    rules.stream().map(RoutingRuleRow::rule).toList(), config.defaultTeam(), reps,
                                    alreadyHad, now);
                            if (!plan.nobodyEligible()) {
                                return pick(plan).chain(rep -> assign(lead, plan, rep, trigger, previous, now,
                                        afterCommit));
                            }
                            return plan.exhausted() ? release(lead, plan, trigger, previous, now, afterCommit)
                                    : queue(lead, plan, trigger, previous, now, afterCommit);
                        }))));
    }

    /** A manager's choice: the lead goes to {@code rep}, whatever the rules, eligibility or capacity say. */
    public Uni<Void> assignTo(RoutedLead lead, Candidate rep, Assignment previous, Consumer<Runnable> afterCommit) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        RoutingPlan plan = new RoutingPlan(rep.team(), "manager", Distribution.OWNER_ONLY, List.of(rep), List.of(),
                false);
        return RoutingLocks.decisions().chain(() -> assign(lead, plan, rep, "manager", previous, now, afterCommit));
    }

    private Uni<Optional<Candidate>> owner(LeadFacts facts, List<Candidate> reps) {
        if (facts.domain() == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Account.<Account> findById(facts.domain()).map(account -> account == null ? Optional.empty()
                : reps.stream().filter(rep -> rep.id().equals(account.ownerRepId)).findFirst());
    }

    private Uni<Candidate> pick(RoutingPlan plan) {
        return switch (plan.distribution()) {
            case OWNER_ONLY -> Uni.createFrom().item(plan.eligible().get(0));
            case LEAST_LOADED -> Uni.createFrom().item(RoutingDecider.leastLoaded(plan.eligible()));
            case WEIGHTED_ROUND_ROBIN -> rotation.nextTurn(plan.team())
                    .map(turn -> WeightedRoundRobin.pick(plan.eligible(), turn));
        };
    }

    private Uni<Void> assign(RoutedLead lead, RoutingPlan plan, Candidate rep, String trigger, Assignment previous,
            Instant now, Consumer<Runnable> afterCommit) {
        return ackTimeout(plan.team()).chain(ackTimeout -> {
            Assignment assignment = new Assignment();
            assignment.id = UUID.randomUUID();
            assignment.leadId = lead.leadId;
            assignment.repId = rep.id();
            assignment.teamId = plan.team();
            assignment.status = AssignmentStatus.ASSIGNED;
            assignment.leadSummary = lead.leadSummary;
            assignment.score = lead.score;
            assignment.grade = lead.grade;
            assignment.temperature = lead.temperature;
            assignment.reasons = lead.reasons;
            assignment.receivedAt = lead.receivedAt;
            assignment.assignedAt = now;
            assignment.acceptBy = now.plus(ackTimeout);
            assignment.previousRepId = previous == null ? null : previous.repId;
            lead.state = RoutedLead.State.ASSIGNED;
            lead.teamId = plan.team();
            lead.queuedAt = null;
            lead.updatedAt = now;
            AssignmentStatus status = previous == null ? AssignmentStatus.ASSIGNED : AssignmentStatus.REASSIGNED;
            LeadAssignment event = new LeadAssignment(assignment.id, lead.leadId, status, rep.id(), rep.name(),
                    assignment.previousRepId, null, previous == null ? plan.rule() : trigger, lead.score,
                    lead.temperature, lead.reasonList(), lead.receivedAt, assignment.acceptBy, now);
            afterCommit.accept(() -> {
                notifier.push(rep.id(), RepMessages.assignment(assignment));
                metrics.assigned(plan.team(), plan.rule());
                if (previous != null) {
                    metrics.reassigned(trigger);
                }
                relay.wake();
            });
            return assignment.persist()
                    .chain(() -> decision(lead, plan, trigger, "assigned", rep.id(), assignment.id, now))
                    .chain(() -> outbox.add(event, lead.bulk));
        });
    }

    private Uni<Void> queue(RoutedLead lead, RoutingPlan plan, String trigger, Assignment previous, Instant now,
            Consumer<Runnable> afterCommit) {
        if (lead.state == RoutedLead.State.QUEUED) {
            // Still nobody: the queue is retried on every sweep, and one decision on record says why it waits.
            return Uni.createFrom().voidItem();
        }
        LOG.infof("Nobody in team %s can take hot lead %s now: it waits in the queue", plan.team(), lead.leadId);
        lead.state = RoutedLead.State.QUEUED;
        lead.teamId = plan.team();
        lead.queuedAt = now;
        lead.updatedAt = now;
        LeadAssignment event = new LeadAssignment(null, lead.leadId, AssignmentStatus.QUEUED, null, null,
                previous == null ? null : previous.repId, null, "no eligible rep in team " + plan.team(), lead.score,
                lead.temperature, lead.reasonList(), lead.receivedAt, null, now);
        return decision(lead, plan, trigger, "queued", null, null, now)
                .chain(() -> outbox.add(event))
                .chain(() -> Team.<Team> findById(plan.team()))
                .invoke(team -> afterCommit.accept(() -> {
                    if (team != null && team.managerRepId != null) {
                        notifier.push(team.managerRepId, RepMessages.escalation(lead, null,
                                "queued: no eligible rep in team " + plan.team()));
                    }
                    relay.wake();
                }))
                .replaceWithVoid();
    }

    /** Every rep who could take the lead already had it: it goes back to nurturing rather than waiting forever. */
    public Uni<Void> release(RoutedLead lead, RoutingPlan plan, String trigger, Assignment previous, Instant now,
            Consumer<Runnable> afterCommit) {
        lead.state = RoutedLead.State.RELEASED;
        lead.queuedAt = null;
        lead.slaDueAt = null;
        lead.updatedAt = now;
        String reason = plan == null ? trigger : "every eligible rep of team " + plan.team() + " had it";
        LeadAssignment event = new LeadAssignment(previous == null ? null : previous.id, lead.leadId,
                AssignmentStatus.RELEASED, null, null, previous == null ? null : previous.repId, null, reason,
                lead.score, lead.temperature, lead.reasonList(), lead.receivedAt, null, now);
        afterCommit.accept(relay::wake);
        Uni<Void> recorded = plan == null ? Uni.createFrom().voidItem()
                : decision(lead, plan, trigger, "released", null, null, now);
        return recorded.chain(() -> outbox.add(event));
    }

    private Uni<Duration> ackTimeout(String teamId) {
        return Team.<Team> findById(teamId).map(team -> team != null && team.ackTimeoutSeconds != null
                ? Duration.ofSeconds(team.ackTimeoutSeconds)
                : config.ackTimeout());
    }

    private Uni<Void> decision(RoutedLead lead, RoutingPlan plan, String trigger, String result, UUID repId,
            UUID assignmentId, Instant now) {
        RoutingDecisionRow row = new RoutingDecisionRow();
        row.leadId = lead.leadId;
        row.decidedAt = now;
        row.trigger = trigger;
        row.result = result;
        row.teamId = plan.team();
        row.ruleName = plan.rule();
        row.repId = repId;
        row.assignmentId = assignmentId;
        row.skipped = EventJson.write(plan.skipped());
        return row.persist().replaceWithVoid();
    }
}
