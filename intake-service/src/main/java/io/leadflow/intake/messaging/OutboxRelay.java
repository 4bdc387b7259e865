package io.leadflow.intake.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.leadflow.events.EventType;
import io.leadflow.events.Lane;
import io.leadflow.intake.persistence.Outbox;
import io.leadflow.intake.persistence.OutboxEvent;
import io.leadflow.support.persistence.SqlValues;
import io.leadflow.support.messaging.EventMessages;
import io.leadflow.support.messaging.EventSender;
import io.leadflow.support.messaging.LeadOrderedSends;
import io.leadflow.support.vertx.VertxContexts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Vertx;

/**
 * Publishes the outbox to Kafka: right away when a submission commits ({@link #wake()}), and every second for
 * whatever is left (a broker outage, another instance's rows). Live rows go first: an import's rows (the bulk lane,
 * relayed to the bulk topics) wait while any live row does. Rows are read in id order and a lead's events are sent
 * one after the other ({@link LeadOrderedSends}), which keeps each lead's events in order even when a send fails, and
 * are deleted in the same transaction once the broker acknowledged them. A PostgreSQL advisory
 * lock lets only one instance relay at a time, so several instances cannot reorder a lead's events. A failed batch is
 * rolled back and tried again with back-off; events it had already sent are sent again with the same event id, which
 * consumers de-duplicate.
 */
@Singleton
public class OutboxRelay {

    static final int BATCH = 500;
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final AtomicInteger wakeUps = new AtomicInteger();
    private final AtomicLong pendingLive = new AtomicLong();
    private final AtomicLong pendingBulk = new AtomicLong();
    private final AtomicReference<Instant> oldestPending = new AtomicReference<>();
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();
    private volatile Duration backOff = Duration.ZERO;
    private volatile long timerId = -1;

    @Inject
    Vertx vertx;

    @Inject
    EventSender events;

    @Inject
    @Channel("outbox")
    MutinyEmitter<String> outbox;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    void start(@Observes StartupEvent started) {
        Gauge.builder("leadflow.intake.outbox.pending", this, OutboxRelay::pending)
                .description("Events committed by intake and not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("leadflow.intake.outbox.pending_by_lane", pendingLive, AtomicLong::get).tag("lane", "live")
                .description("Events waiting in intake's outbox, per lane (live submissions, imports)")
                .register(registry);
        Gauge.builder("leadflow.intake.outbox.pending_by_lane", pendingBulk, AtomicLong::get).tag("lane", "bulk")
                .description("Events waiting in intake's outbox, per lane (live submissions, imports)")
                .register(registry);
        Gauge.builder("leadflow.intake.outbox.relay_failing", failingSince, since -> since.get() == null ? 0 : 1)
                .description("1 while the relay cannot publish the outbox to Kafka (the broker unreachable), else 0")
                .register(registry);
        timerId = vertx.setPeriodic(1000, id -> {
            refreshBacklog();
            wake();
        });
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Asks for a relay pass; passes never overlap, and a wake-up during one causes another. */
    public void wake() {
        if (wakeUps.getAndIncrement() == 0) {
            runPass();
        }
    }

    /** How many events wait in the outbox, as of the last check. */
    public long pending() {
        return pendingLive.get() + pendingBulk.get();
    }

    /** How many events of live submissions wait, as of the last check (at most a second old). */
    public long pendingLive() {
        return pendingLive.get();
    }

    /** How many imported events wait, as of the last check. */
    public long pendingBulk() {
        return pendingBulk.get();
    }

    /**
     * Since when the relay's passes fail (events wait and the broker does not take them), or null while it publishes:
     * a pass with nothing to send succeeds, so an idle relay never reports a failure it could not see.
     */
    public Instant failingSince() {
        return failingSince.get();
    }

    /** When the oldest waiting event was committed, or null when none waits. */
    public Instant oldestPending() {
        return oldestPending.get();
    }

    private void runPass() {
        onNewContext(() -> relayBatch().subscribe().with(this::passDone, this::passFailed));
    }

    private void passDone(int sent) {
        backOff = Duration.ZERO;
        failingSince.set(null);
        if (sent == BATCH) {
            runPass();
        } else if (wakeUps.decrementAndGet() > 0) {
            wakeUps.set(1);
            runPass();
        }
    }

    private void passFailed(Throwable failure) {
        failingSince.compareAndSet(null, clock.instant());
        backOff = backOff.isZero() ? Duration.ofMillis(500) : min(backOff.multipliedBy(2), Duration.ofSeconds(10));
        LOG.warnf("Outbox relay could not publish (retrying in %d ms, %d events waiting): %s", backOff.toMillis(),
                pending(), failure.toString());
        vertx.setTimer(backOff.toMillis(), id -> runPass());
    }

    Uni<Integer> relayBatch() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_try_advisory_xact_lock(:key)", Boolean.class)
                        .setParameter("key", Outbox.RELAY_LOCK).getSingleResult())
                .chain(locked -> !locked ? Uni.createFrom().item(0)
                        : OutboxEvent.<OutboxEvent> find("order by bulk, id").page(0, BATCH).list()
                                .chain(this::publish)));
    }

    private Uni<Integer> publish(List<OutboxEvent> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Long> ids = batch.stream().map(row -> row.id).toList();
        long bulk = batch.stream().filter(row -> row.bulk).count();
        return LeadOrderedSends.send(batch, row -> row.leadId, row -> outbox.sendMessage(EventMessages.of(
                row.eventId, row.leadId, EventType.ofCeType(row.ceType).orElseThrow(), row.payload,
                row.bulk ? Lane.BULK : Lane.LIVE, events.source(), row.occurredAt)))
                .chain(() -> OutboxEvent.delete("id in ?1", ids))
                .invoke(() -> {
                    pendingBulk.updateAndGet(n -> Math.max(0, n - bulk));
                    pendingLive.updateAndGet(n -> Math.max(0, n - (ids.size() - bulk)));
                })
                .replaceWith(batch.size());
    }

    private void refreshBacklog() {
        onNewContext(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) filter (where not bulk), count(*) filter (where bulk), "
                        + "min(created_at) from outbox_event", Object[].class)
                .getSingleResult()))
                .subscribe().with(row -> {
                    pendingLive.set(((Number) row[0]).longValue());
                    pendingBulk.set(((Number) row[1]).longValue());
                    oldestPending.set(SqlValues.instant(row[2]));
                }, failure -> LOG.debugf("Outbox backlog unknown: %s", failure)));
    }

    private void onNewContext(Runnable action) {
        VertxContexts.runOnNewContext(vertx, action);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
