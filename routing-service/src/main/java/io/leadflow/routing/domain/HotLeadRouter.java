package io.leadflow.routing.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.Contribution;
import io.leadflow.events.EventJson;
import io.leadflow.events.LeadAssignment;
import io.leadflow.events.LeadScored;
import io.leadflow.events.Temperature;
import io.leadflow.routing.config.RoutingConfig;
import io.leadflow.routing.live.RepMessage;
import io.leadflow.routing.live.RepNotifier;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.Rep;
import io.leadflow.routing.persistence.Rotation;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.EventSender;
import io.leadflow.support.messaging.InvalidEventException;
import io.leadflow.support.metrics.SlaTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Gives each hot lead to exactly one rep, by round robin over the active reps. The assignment row and the
 * {@code assigned} event share the consumer's transaction; once it commits, the rep's sockets get the lead and the
 * time to assign ({@code receivedAt} to now) is recorded, whether or not the rep is connected.
 */
@ApplicationScoped
public class HotLeadRouter {

    static final String POOL = "default";
    private static final Logger LOG = Logger.getLogger(HotLeadRouter.class);

    private final Timer timeToAssign;

    @Inject
    Clock clock;

    @Inject
    RoutingConfig config;

    @Inject
    Rotation rotation;

    @Inject
    EventSender events;

    @Inject
    @Channel("leads-assigned")
    MutinyEmitter<String> assignments;

    @Inject
    RepNotifier notifier;

    @Inject
    public HotLeadRouter(MeterRegistry registry) {
        this.timeToAssign = SlaTimers.register(registry, "leadflow.time.to.assign",
                "From the lead's receivedAt to its assignment stored, published and pushed to the rep");
    }

    public Uni<Void> onScored(Delivery<LeadScored> delivery) {
        LeadScored scored = delivery.event();
        if (scored.leadId() == null || scored.lead() == null || scored.lead().receivedAt() == null
                || scored.temperature() == null) {
            throw new InvalidEventException("lead.scored.v1 without leadId, lead, receivedAt or temperature");
        }
        if (scored.temperature() != Temperature.HOT) {
            return Uni.createFrom().voidItem();
        }
        // A re-scored lead that is already assigned keeps its rep.
        return Assignment.ofLead(scored.leadId())
                .chain(existing -> existing != null ? Uni.createFrom().voidItem() : assign(delivery));
    }

    private Uni<Void> assign(Delivery<LeadScored> delivery) {
        LeadScored scored = delivery.event();
        return Rep.activeInRotationOrder().chain(reps -> {
            if (reps.isEmpty()) {
                LOG.warnf("No active rep for hot lead %s: published as queued", scored.leadId());
                return publish(delivery, event(scored, null, null, AssignmentStatus.QUEUED, clock.instant()));
            }
            return rotation.nextTurn(POOL).chain(turn -> {
                Rep rep = RoundRobin.pick(reps, turn);
                Assignment assignment = newAssignment(scored, rep);
                RepMessage message = message(assignment, scored);
                return assignment.<Assignment> persistAndFlush()
                        .chain(() -> publish(delivery, event(scored, assignment, rep, AssignmentStatus.ASSIGNED,
                                assignment.assignedAt)))
                        .invoke(() -> delivery.afterCommit(() -> {
                            notifier.push(rep.id, message);
                            timeToAssign.record(Duration.between(scored.lead().receivedAt(), clock.instant()));
                        }));
            });
        });
    }

    private Uni<Void> publish(Delivery<LeadScored> cause, LeadAssignment event) {
        return events.sendCausedBy(assignments, cause.eventId(), "assignment/" + event.status().wire(),
                event.leadId(), event, event.occurredAt());
    }

    private Assignment newAssignment(LeadScored scored, Rep rep) {
        Instant now = clock.instant();
        Assignment assignment = new Assignment();
        assignment.id = UUID.randomUUID();
        assignment.leadId = scored.leadId();
        assignment.repId = rep.id;
        assignment.status = AssignmentStatus.ASSIGNED;
        assignment.leadSummary = EventJson.write(LeadSummary.of(scored));
        assignment.score = scored.score();
        assignment.grade = scored.grade();
        assignment.temperature = scored.temperature();
        assignment.reasons = EventJson.write(reasons(scored));
        assignment.receivedAt = scored.lead().receivedAt();
        assignment.assignedAt = now;
        assignment.acceptBy = now.plus(config.ackTimeout());
        return assignment;
    }

    private static List<String> reasons(LeadScored scored) {
        return scored.topContributions() == null ? List.of()
                : scored.topContributions().stream().map(Contribution::reason).toList();
    }

    private static RepMessage message(Assignment assignment, LeadScored scored) {
        return new RepMessage("assignment", assignment.id, assignment.leadId, LeadSummary.of(scored),
                assignment.score, assignment.grade, assignment.temperature, reasons(scored), assignment.acceptBy);
    }

    private static LeadAssignment event(LeadScored scored, Assignment assignment, Rep rep, AssignmentStatus status,
            Instant at) {
        return new LeadAssignment(assignment == null ? null : assignment.id, scored.leadId(), status,
                rep == null ? null : rep.id, rep == null ? null : rep.name, null, null,
                rep == null ? "no active rep" : "round robin", scored.score(), scored.temperature(), reasons(scored),
                scored.lead().receivedAt(), assignment == null ? null : assignment.acceptBy, at);
    }
}
