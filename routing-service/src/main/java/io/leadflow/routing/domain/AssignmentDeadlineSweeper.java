package io.leadflow.routing.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.leadflow.routing.config.RoutingConfig;
import io.leadflow.routing.messaging.OutboxRelay;
import io.leadflow.routing.persistence.Deadlines;
import io.leadflow.routing.persistence.RepDirectory;
import io.leadflow.routing.persistence.RoutedLead;
import io.leadflow.routing.persistence.Team;
import io.leadflow.support.persistence.LeadLocks;
import io.leadflow.routing.persistence.OwnContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Runs routing's durable timers, every {@code leadflow.routing.sweep-interval} on every instance: acknowledgement
 * time-outs (the lead moves on), SLA breaches (escalated), and the queue (a lead is placed as soon as a rep can take
 * it, or released after waiting too long). Each due lead is handled in its own transaction, under its lock, with its
 * row claimed {@code FOR UPDATE SKIP LOCKED} and re-checked, so instances share the work without doing any twice.
 * Time comes from the injected clock, so tests move it instead of waiting.
 */
@Singleton
public class AssignmentDeadlineSweeper {

    static final int BATCH = 100;
    private static final Logger LOG = Logger.getLogger(AssignmentDeadlineSweeper.class);

    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile boolean again;
    private volatile long timerId = -1;

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    @Inject
    RoutingConfig config;

    @Inject
    Deadlines deadlines;

    @Inject
    AssignmentActions actions;

    @Inject
    SlaEscalation sla;

    @Inject
    LeadPlacer placer;

    @Inject
    RepDirectory directory;

    @Inject
    RoutingMetrics metrics;

    @Inject
    OutboxRelay relay;

    void start(@Observes StartupEvent started) {
        timerId = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> wake());
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Asks for a sweep now (a rep became available); sweeps never overlap, a wake-up during one causes another. */
    public void wake() {
        if (!sweeping.compareAndSet(false, true)) {
            again = true;
            return;
        }
        again = false;
        OwnContext.run(vertx, () -> sweep().subscribe().with(done -> finished(), failure -> {
            LOG.warnf("Deadline sweep failed, next one retries: %s", failure.toString());
            finished();
        }));
    }

    private void finished() {
        sweeping.set(false);
        if (again) {
            wake();
        }
    }

    /** One pass over everything due now. */
    public Uni<Void> sweep() {
        Instant now = clock.instant();
        return Panache.withSession(() -> deadlines.ackDueLeads(now, BATCH))
                .chain(ids -> each(ids, now, this::ackTimedOut))
                .chain(() -> Panache.withSession(() -> deadlines.slaDueLeads(now, BATCH)))
                .chain(ids -> each(ids, now, this::slaDue))
                .chain(() -> Panache.withSession(() -> deadlines.queuedLeads(now, BATCH)))
                .chain(ids -> each(ids, now, this::queued))
                .chain(this::refreshGauges);
    }

    private Uni<Void> ackTimedOut(UUID leadId, AfterCommit after) {
        Instant now = clock.instant();
        return deadlines.claimAckDue(leadId, now).chain(assignment -> assignment == null
                ? Uni.createFrom().voidItem()
                : RoutedLead.<RoutedLead> findById(leadId).chain(lead -> actions.timeOut(assignment, lead, after)));
    }

    private Uni<Void> slaDue(UUID leadId, AfterCommit after) {
        return deadlines.claimSlaDue(leadId, clock.instant())
                .chain(lead -> lead == null ? Uni.createFrom().voidItem() : sla.breach(lead, after));
    }

    private Uni<Void> queued(UUID leadId, AfterCommit after) {
        Instant now = clock.instant();
        return deadlines.claimQueued(leadId, now).chain(lead -> {
            if (lead == null) {
                return Uni.createFrom().voidItem();
            }
            if (!lead.queuedAt.plus(config.queueReleaseAfter()).isAfter(now)) {
                return placer.release(lead, null, "waited in the queue longer than " + config.queueReleaseAfter(),
                        null, now, after);
            }
            return placer.place(lead, "queue", null, after);
        });
    }

    private Uni<Void> each(List<UUID> leadIds, Instant now, BiFunction<UUID, AfterCommit, Uni<Void>> handler) {
        return Multi.createFrom().iterable(leadIds)
                .onItem().transformToUniAndConcatenate(leadId -> {
                    AfterCommit after = new AfterCommit();
                    return Panache.withTransaction(() -> LeadLocks.lock(leadId).chain(() -> handler.apply(leadId, after)))
                            .invoke(() -> {
                                after.run();
                                relay.wake();
                            })
                            .onFailure().recoverWithItem(failure -> {
                                LOG.warnf("Could not handle the deadline of lead %s, next sweep retries: %s", leadId,
                                        failure.toString());
                                return null;
                            });
                })
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> refreshGauges() {
        return Panache.withSession(() -> directory.openAssignments().chain(open -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select coalesce(team_id, 'none'), count(*) from routed_lead "
                        + "where state = 'QUEUED' group by team_id", Object[].class).getResultList())
                .invoke(rows -> {
                    metrics.openAssignments(open);
                    metrics.queued(rows.stream().collect(java.util.stream.Collectors.toMap(
                            row -> (String) row[0], row -> ((Number) row[1]).longValue())));
                })
                .chain(() -> Team.<Team> listAll())
                .invoke(teams -> metrics.teams(teams.stream().map(team -> team.id).toList()))))
                .replaceWithVoid();
    }

}
