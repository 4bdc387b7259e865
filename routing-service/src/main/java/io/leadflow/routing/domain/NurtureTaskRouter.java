package io.leadflow.routing.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.leadflow.events.Channel;
import io.leadflow.events.LeadNurture;
import io.leadflow.events.NurtureStatus;
import io.leadflow.routing.config.RoutingConfig;
import io.leadflow.routing.live.RepMessages;
import io.leadflow.routing.live.RepNotifier;
import io.leadflow.routing.persistence.Account;
import io.leadflow.routing.persistence.Assignment;
import io.leadflow.routing.persistence.KnownLeads;
import io.leadflow.routing.persistence.LeadErasures;
import io.leadflow.routing.persistence.RepDirectory;
import io.leadflow.routing.persistence.RepTask;
import io.leadflow.routing.persistence.Rotation;
import io.leadflow.support.messaging.Delivery;
import io.leadflow.support.messaging.IdempotentConsumer;
import io.leadflow.support.messaging.InvalidEventException;
import io.smallrye.mutiny.Uni;

/**
 * Gives nurturing's call and LinkedIn tasks ({@code task_created} on {@code leads.nurture}) to a rep: the rep who last
 * had the lead, else the owner of its account, else the next available rep of the default team (round robin over the
 * reps who can work now; tasks do not count against capacity). The task is stored, listed with the rep's work, pushed
 * as a {@code task} message and replayed on reconnect until done. An erased lead's tasks are dropped.
 */
@ApplicationScoped
public class NurtureTaskRouter {

    private static final Logger LOG = Logger.getLogger(NurtureTaskRouter.class);

    @Inject
    Clock clock;

    @Inject
    RoutingConfig config;

    @Inject
    KnownLeads knownLeads;

    @Inject
    RepDirectory directory;

    @Inject
    Rotation rotation;

    @Inject
    RepNotifier notifier;

    @Inject
    LeadErasures erasures;

    /**
     * A poll of {@code leads.nurture}: most of its records (enrollments, touches sent, exits) are not tasks and cost
     * nothing more; the tasks of leads not erased (checked in one query) are given out one after the other, in order.
     * Every record is checked first, so an invalid one fails the batch before anything is written.
     */
    public Uni<Void> onNurtureBatch(List<Delivery<LeadNurture>> deliveries) {
        List<Delivery<LeadNurture>> tasks = deliveries.stream().filter(NurtureTaskRouter::isTask).toList();
        if (tasks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return erasures.erasedAmong(tasks.stream().map(task -> task.event().leadId()).toList())
                .chain(erased -> IdempotentConsumer.handleInOrder(tasks.stream()
                        .filter(task -> !erased.contains(task.event().leadId())).toList(), this::onTask));
    }

    /** Whether the record is a task a rep here can work; throws on a record routing cannot read as one. */
    private static boolean isTask(Delivery<LeadNurture> delivery) {
        LeadNurture event = delivery.event();
        if (event.leadId() == null || event.status() == null) {
            throw new InvalidEventException("lead.nurture.v1 without leadId or status");
        }
        if (event.status() != NurtureStatus.TASK_CREATED) {
            return false; // UNKNOWN included: a newer nurturing's step is not a task
        }
        if (event.channel() == Channel.UNKNOWN) {
            return false; // a task on a newer nurturing's channel, which no rep here can work
        }
        if (event.channel() == null || event.channel() == Channel.EMAIL) {
            throw new InvalidEventException("task_created without a call or LinkedIn channel");
        }
        return true;
    }

    private Uni<Void> onTask(Delivery<LeadNurture> delivery) {
        LeadNurture event = delivery.event();
        return knownLeads.find(event.leadId()).chain(known -> rep(event.leadId(), known).chain(rep -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
            RepTask task = new RepTask();
            task.id = UUID.randomUUID();
            task.leadId = event.leadId();
            task.repId = rep.orElse(null);
            task.enrollmentId = event.enrollmentId();
            task.sequenceId = event.sequenceId();
            task.step = event.step();
            task.channel = event.channel();
            task.note = event.reason();
            task.dueAt = event.dueAt();
            task.createdAt = now;
            if (rep.isEmpty()) {
                LOG.warnf("Nobody can take the %s task of lead %s: stored without a rep", event.channel().wire(),
                        event.leadId());
            } else {
                delivery.afterCommit(() -> notifier.push(rep.get(), RepMessages.task(task, known)));
            }
            return task.persist().replaceWithVoid();
        }));
    }

    private Uni<Optional<UUID>> rep(UUID leadId, KnownLeads.Known known) {
        return Assignment.allOfLead(leadId).chain(assignments -> {
            if (!assignments.isEmpty()) {
                return Uni.createFrom().item(Optional.of(assignments.get(assignments.size() - 1).repId));
            }
            Uni<Account> account = known == null || known.domain() == null ? Uni.createFrom().nullItem()
                    : Account.findById(known.domain());
            return account.chain(owned -> owned != null ? Uni.createFrom().item(Optional.of(owned.ownerRepId))
                    : nextAvailable());
        });
    }

    private Uni<Optional<UUID>> nextAvailable() {
        Instant now = clock.instant();
        LeadFacts anyLead = new LeadFacts(null, null, null, null, 0, null, null, null);
        return directory.candidates().chain(reps -> {
            List<Candidate> available = reps.stream().filter(rep -> config.defaultTeam().equals(rep.team()))
                    // Capacity is for hot leads; a task only needs someone at work.
                    .map(rep -> new Candidate(rep.id(), rep.name(), rep.team(), rep.active(), List.of(), List.of(),
                            Integer.MAX_VALUE, rep.weight(), rep.zone(), rep.workingHours(), rep.outOfOffice(), 0, rep.away()))
                    .filter(rep -> Eligibility.whyNot(rep, anyLead, now).isEmpty())
                    .sorted(java.util.Comparator.comparing(Candidate::id)).toList();
            if (available.isEmpty()) {
                return Uni.createFrom().item(Optional.<UUID> empty());
            }
            return rotation.nextTurn("tasks:" + config.defaultTeam())
                    .map(turn -> Optional.of(WeightedRoundRobin.pick(available, turn).id()));
        });
    }
}
