package io.leadflow.routing.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.Outcome;
import io.leadflow.routing.live.RepMessages;
import io.leadflow.routing.live.RepNotifier;
import io.leadflow.routing.messaging.OutboxRelay;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.Outbox;
import io.leadflow.routing.persistence.RepDirectory;
import io.leadflow.routing.persistence.RoutedLead;
import io.leadflow.support.persistence.LeadLocks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * What a rep (or a time-out) does to an assignment: accept, decline, record an outcome, let it time out. Each step runs
 * in one transaction under the lead's lock with the assignment row locked, checks the {@link AssignmentLifecycle},
 * and stores its event in the outbox with the change, so the state and the events never disagree.
 */
@ApplicationScoped
public class AssignmentActions {

    /** The assignment as it stands after a step, or null for an unknown id. */
    public record Result(Assignment assignment, boolean changed) {
    }

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    LeadPlacer placer;

    @Inject
    RepNotifier notifier;

    @Inject
    RoutingMetrics metrics;

    @Inject
    RepDirectory directory;

    public Uni<Result> accept(UUID assignmentId) {
        return step(assignmentId, (assignment, lead, after) -> {
            if (AssignmentLifecycle.accept(assignment.status) == AssignmentLifecycle.Step.ALREADY_DONE) {
                return Uni.createFrom().item(false);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
            assignment.status = AssignmentStatus.ACCEPTED;
            assignment.acceptedAt = now;
            if (lead != null) {
                lead.state = RoutedLead.State.ACCEPTED;
                lead.slaDueAt = null;
                lead.updatedAt = now;
            }
            boolean bulk = lead != null && lead.bulk;
            after.accept(() -> metrics.timeToAccept(assignment.repId, assignment.teamId,
                    Duration.between(assignment.receivedAt, now), bulk));
            return outbox.add(event(assignment, AssignmentStatus.ACCEPTED, null, null, now)).replaceWith(true);
        });
    }

    public Uni<Result> decline(UUID assignmentId, String reason) {
        return step(assignmentId, (assignment, lead, after) -> {
            if (AssignmentLifecycle.decline(assignment.status) == AssignmentLifecycle.Step.ALREADY_DONE) {
                return Uni.createFrom().item(false);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
            assignment.status = AssignmentStatus.DECLINED;
            assignment.closedAt = now;
            assignment.closedReason = reason;
            return outbox.add(event(assignment, AssignmentStatus.DECLINED, null, reason, now))
                    .chain(() -> lead == null ? Uni.createFrom().voidItem()
                            : placer.place(lead, "declined", assignment, after))
                    .replaceWith(true);
        });
    }

    public Uni<Result> outcome(UUID assignmentId, Outcome outcome, String reason) {
        return step(assignmentId, (assignment, lead, after) -> {
            if (AssignmentLifecycle.outcome(assignment.status, assignment.outcome, outcome)
                    == AssignmentLifecycle.Step.ALREADY_DONE) {
                return Uni.createFrom().item(false);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
            assignment.outcome = outcome;
            assignment.outcomeReason = reason;
            if (AssignmentLifecycle.isFinal(outcome)) {
                assignment.closedAt = now;
                assignment.closedReason = outcome.wire();
            }
            Uni<Void> stored = outbox.add(event(assignment, AssignmentStatus.OUTCOME, outcome, reason, now));
            after.accept(() -> metrics.outcome(assignment.teamId, outcome));
            if (outcome == Outcome.DISQUALIFIED && lead != null && isAboutTiming(reason)) {
                // Not now is not never: nurturing takes the lead back.
                stored = stored.chain(() -> placer.release(lead, null, "disqualified for timing: " + reason,
                        assignment, now, after));
            }
            return stored.replaceWith(true);
        });
    }

    /**
     * A manager moves an open assignment: to {@code repId} when given (an override of rules and eligibility), else to
     * whoever the routing decision picks next. The rep who had it gets a {@code revoked} message.
     */
    public Uni<Result> reassign(UUID assignmentId, UUID repId, String reason) {
        return step(assignmentId, (assignment, lead, after) -> {
            AssignmentLifecycle.reassign(assignment.status);
            if (repId != null && repId.equals(assignment.repId)) {
                throw new LifecycleConflict("same-rep", "The assignment already belongs to this rep.");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
            assignment.status = AssignmentStatus.REASSIGNED;
            assignment.closedAt = now;
            assignment.closedReason = "reassigned by a manager: " + reason;
            after.accept(() -> notifier.push(assignment.repId, RepMessages.revoked(assignment, "manager")));
            if (lead == null) {
                return Uni.createFrom().item(true);
            }
            Uni<Void> placed = repId == null ? placer.place(lead, "manager", assignment, after)
                    : directory.candidates().chain(reps -> {
                        Candidate target = reps.stream().filter(rep -> rep.id().equals(repId)).findFirst()
                                .orElseThrow(() -> new UnknownRep(repId));
                        return placer.assignTo(lead, target, assignment, after);
                    });
            return placed.replaceWith(true);
        });
    }

    /** The rep a manager named does not exist. */
    public static class UnknownRep extends RuntimeException {
        public UnknownRep(UUID repId) {
            super("No rep with id " + repId + ".");
        }
    }

    /** The assignment was not accepted in time: it ends, the rep's console drops it, and the lead is placed again. */
    public Uni<Void> timeOut(Assignment assignment, RoutedLead lead, Consumer<Runnable> after) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        assignment.status = AssignmentStatus.REASSIGNED;
        assignment.closedAt = now;
        assignment.closedReason = "not accepted by " + assignment.acceptBy;
        after.accept(() -> notifier.push(assignment.repId, RepMessages.revoked(assignment, "ack_timeout")));
        return lead == null ? Uni.createFrom().voidItem() : placer.place(lead, "ack_timeout", assignment, after);
    }

    interface Step {
        Uni<Boolean> apply(Assignment assignment, RoutedLead lead, AfterCommit after);
    }

    private Uni<Result> step(UUID assignmentId, Step step) {
        AfterCommit after = new AfterCommit();
        return Panache.withTransaction(() -> leadOf(assignmentId).chain(leadId -> leadId == null
                ? Uni.createFrom().<Result> nullItem()
                : LeadLocks.lock(leadId)
                        .chain(() -> Assignment.<Assignment> findById(assignmentId, LockModeType.PESSIMISTIC_WRITE))
                        .chain(assignment -> RoutedLead.<RoutedLead> findById(leadId)
                                .chain(lead -> step.apply(assignment, lead, after))
                                .map(changed -> new Result(assignment, changed)))))
                .invoke(result -> {
                    if (result != null && result.changed()) {
                        after.accept(relay::wake);
                        after.run();
                    }
                });
    }

    private static Uni<UUID> leadOf(UUID assignmentId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select cast(lead_id as varchar) from assignment where id = :id", String.class)
                .setParameter("id", assignmentId)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : UUID.fromString(rows.get(0)));
    }

    private static boolean isAboutTiming(String reason) {
        return reason != null && reason.toLowerCase(Locale.ROOT).contains("timing");
    }

    static LeadAssignment event(Assignment a, AssignmentStatus status, Outcome outcome, String reason, Instant at) {
        return new LeadAssignment(a.id, a.leadId, status, a.repId, null, a.previousRepId, outcome, reason, a.score,
                a.temperature, List.of(EventJson.read(a.reasons, String[].class)),
                a.receivedAt, a.acceptBy, at);
    }
}
