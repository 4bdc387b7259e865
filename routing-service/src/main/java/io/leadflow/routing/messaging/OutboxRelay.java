package io.leadflow.routing.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.leadflow.events.AssignmentStatus;
import io.leadflow.events.EventJson;
import io.leadflow.events.EventType;
import io.leadflow.events.Lane;
import io.leadflow.events.LeadAssignment;
import io.leadflow.routing.domain.RoutingMetrics;
import io.leadflow.routing.outbound.OutboundDeliveries;
import io.leadflow.routing.persistence.OutboxEvent;
import io.leadflow.support.messaging.EventMessages;
import io.leadflow.support.messaging.EventSender;
import io.leadflow.support.messaging.LeadOrderedSends;
import io.leadflow.routing.persistence.OwnContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;

/**
 * Publishes routing's outbox to {@code leads.assigned}: right away when a step commits ({@link #wake()}), and every
 * second for whatever is left (a broker outage, another instance's rows). Rows are read in id order and a lead's events
 * are sent one after the other ({@link LeadOrderedSends}), which keeps each lead's events in order even when a send
 * fails, and are deleted in the same transaction once the broker acknowledged them; an advisory lock
 * lets one instance relay at a time. A failed batch is retried with back-off; events it had already sent go out again
 * with the same event id, which consumers de-duplicate. The transaction that deletes a batch also records the webhook
 * calls and rep notifications its events cause ({@link OutboundDeliveries}). Once an {@code assigned} event is acknowledged the lead is
 * stored, pushed and published: that closes its time to assign.
 */
@Singleton
public class OutboxRelay {

    static final int BATCH = 200;
    /** Kafka header naming the instance that made the change an event reports. */
    public static final String ORIGIN = "leadflow-origin";
    private static final long LOCK_KEY = 0x726f757465L; // "route"
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final AtomicInteger wakeUps = new AtomicInteger();
    private volatile Duration backOff = Duration.ZERO;
    private volatile long timerId = -1;

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    @Inject
    EventSender events;

    @Inject
    RoutingMetrics metrics;

    @Inject
    OutboundDeliveries deliveries;

    @Inject
    @Channel("leads-assigned")
    MutinyEmitter<String> assigned;

    void start(@Observes StartupEvent started) {
        timerId = vertx.setPeriodic(1000, id -> wake());
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

    private void runPass() {
        OwnContext.run(vertx, () -> relayBatch().subscribe().with(this::passDone, this::passFailed));
    }

    private void passDone(int sent) {
        backOff = Duration.ZERO;
        if (sent == BATCH) {
            runPass();
        } else if (wakeUps.decrementAndGet() > 0) {
            wakeUps.set(1);
            runPass();
        }
    }

    private void passFailed(Throwable failure) {
        backOff = backOff.isZero() ? Duration.ofMillis(500)
                : (backOff.toMillis() >= 5000 ? Duration.ofSeconds(10) : backOff.multipliedBy(2));
        LOG.warnf("Outbox relay could not publish (retrying in %d ms): %s", backOff.toMillis(), failure.toString());
        vertx.setTimer(backOff.toMillis(), id -> runPass());
    }

    Uni<Integer> relayBatch() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_try_advisory_xact_lock(:key)", Boolean.class)
                        .setParameter("key", LOCK_KEY).getSingleResult())
                .chain(locked -> !locked ? Uni.createFrom().item(0)
                        : OutboxEvent.<OutboxEvent> find("order by id").page(0, BATCH).list().chain(this::publish)));
    }

    private Uni<Integer> publish(List<OutboxEvent> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Long> ids = batch.stream().map(row -> row.id).toList();
        return LeadOrderedSends.send(batch, row -> row.leadId, row -> assigned.sendMessage(withOrigin(row,
                EventMessages.of(row.eventId, row.leadId, EventType.ofCeType(row.ceType).orElseThrow(), row.payload,
                        row.bulk ? Lane.BULK : Lane.LIVE, events.source(), row.occurredAt)))
                .invoke(() -> published(row)))
                .chain(() -> deliveries.record(batch))
                .chain(() -> OutboxEvent.delete("id in ?1", ids))
                .replaceWith(batch.size());
    }

    /**
     * Adds the {@link #ORIGIN} header to the record EventMessages built (same key, topic and other headers: this
     * metadata replaces EventMessages').
     */
    private static Message<String> withOrigin(OutboxEvent row, Message<String> message) {
        if (row.origin == null) {
            return message;
        }
        RecordHeaders headers = new RecordHeaders(message.getMetadata(OutgoingKafkaRecordMetadata.class)
                .map(OutgoingKafkaRecordMetadata::getHeaders).orElseGet(RecordHeaders::new).toArray());
        headers.add(ORIGIN, row.origin.getBytes(StandardCharsets.UTF_8));
        return message.addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(row.leadId.toString())
                .withTopic(EventType.ofCeType(row.ceType).orElseThrow().topic())
                .withHeaders(headers)
                .build());
    }

    private void published(OutboxEvent row) {
        LeadAssignment event = EventJson.read(row.payload, LeadAssignment.class);
        if (event.status() == AssignmentStatus.ASSIGNED && event.receivedAt() != null) {
            metrics.timeToAssign(Duration.between(event.receivedAt(), clock.instant()), row.bulk);
        }
    }
}
