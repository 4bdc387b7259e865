package io.leadflow.support.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.leadflow.events.EventJson;
import io.leadflow.events.MalformedEventException;
import io.leadflow.support.vertx.VertxContexts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one way Leadflow consumes an event: parse it, skip it if this consumer already processed its event id, run
 * the handler and record the event id in the same transaction, then acknowledge.
 * <ul>
 * <li>A value that cannot be read, or an event missing what it must carry, is nacked: the channel's
 * {@code dead-letter-queue} failure strategy parks it in {@code <topic>.dlq} with the cause, and the partition moves
 * on.</li>
 * <li>Any other failure (database or broker unreachable) is retried with back-off, for as long as it takes, so the
 * lead's later records wait instead of being lost or reordered (and the partition's committed offset waits too).</li>
 * <li>An attempt without an outcome after {@code leadflow.consumer.attempt-timeout} (60 s by default: a database
 * call whose answer was lost waits forever otherwise) is abandoned and fails like any other: its transaction is
 * rolled back, and the retry runs on another connection. It cannot commit behind the retry's back: its own commit
 * would only be sent after its work completed, which the cancellation stops, and were a commit already on the wire,
 * the retry's insert of the same {@code processed_event} key waits for that transaction and then skips the event as
 * a duplicate.</li>
 * </ul>
 * Records of different leads (Kafka keys) are processed at the same time, each in its own transaction, up to
 * {@code leadflow.consumer.max-in-flight} per consumer (default 8); a lead's records run one after the other in the
 * order of their partition ({@link LeadLanes}). The partition's offset is committed only up to the last record
 * before which every record has been acknowledged, so a crash redelivers whatever was in flight.
 * <p>
 * Duplicates skipped, records dead-lettered and attempts timed out are counted per consumer
 * ({@code leadflow_events_duplicate_total}, {@code leadflow_events_dead_lettered_total},
 * {@code leadflow_events_attempts_timed_out_total}); {@code leadflow_events_processing_seconds} times each record
 * from its first attempt to its commit, and {@code leadflow_events_in_flight} shows the records taken and not yet
 * acknowledged.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private final MeterRegistry registry;
    private final int maxInFlight;
    private final Duration attemptTimeout;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** A consumer's lanes and processing timer, made with its first record and kept off the per-record path. */
    private record Channel(LeadLanes lanes, Timer processing) {
    }

    public IdempotentConsumer(MeterRegistry registry,
            @ConfigProperty(name = "leadflow.consumer.max-in-flight", defaultValue = "8") int maxInFlight,
            @ConfigProperty(name = "leadflow.consumer.attempt-timeout", defaultValue = "60s") Duration attemptTimeout) {
        this.registry = registry;
        this.maxInFlight = maxInFlight;
        this.attemptTimeout = attemptTimeout;
    }

    private static final String MARK_PROCESSED = "insert into processed_event (consumer, event_id, processed_at) "
            + "values (:consumer, :eventId, now()) on conflict do nothing";

    public <T> Uni<Void> consume(Message<String> message, Class<T> type, String consumer,
            Function<Delivery<T>, Uni<Void>> handler) {
        Channel channel = channels.computeIfAbsent(consumer, name -> {
            LeadLanes lanes = new LeadLanes(maxInFlight);
            Gauge.builder("leadflow.events.in_flight", lanes, LeadLanes::inFlight)
                    .description("Records this consumer has taken and not yet acknowledged or dead-lettered")
                    .tag("consumer", name).register(registry);
            return new Channel(lanes, registry.timer("leadflow.events.processing", "consumer", name));
        });
        Context record = Vertx.currentContext();
        CompletionStage<Void> mayContinue = channel.lanes().admit(leadKey(message),
                () -> consumeOne(message, type, consumer, handler, record, channel.processing())
                        .subscribeAsCompletionStage());
        return Uni.createFrom().completionStage(mayContinue);
    }

    private <T> Uni<Void> consumeOne(Message<String> message, Class<T> type, String consumer,
            Function<Delivery<T>, Uni<Void>> handler, Context record, Timer processing) {
        Delivery<T> delivery;
        try {
            delivery = new Delivery<>(EventJson.read(message.getPayload(), type), eventId(message));
        } catch (MalformedEventException | InvalidEventException e) {
            return nack(message, consumer, e);
        }
        Timer.Sample started = Timer.start(registry);
        return bounded(record, () -> process(delivery, consumer, handler), consumer, delivery.eventId())
                .onFailure(failure -> !(failure instanceof InvalidEventException))
                .invoke(failure -> LOG.warnf("%s could not process event %s yet, retrying: %s", consumer,
                        delivery.eventId(), failure.toString()))
                .onFailure(failure -> !(failure instanceof InvalidEventException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(15)).atMost(Long.MAX_VALUE)
                .onItemOrFailure().transformToUni((processed, failure) -> {
                    if (failure != null) {
                        return nack(message, consumer, failure);
                    }
                    started.stop(processing);
                    if (Boolean.TRUE.equals(processed)) {
                        delivery.runAfterCommit();
                    } else {
                        registry.counter("leadflow.events.duplicate", "consumer", consumer).increment();
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    /**
     * One attempt, failed with {@link AttemptTimedOutException} when it has no outcome within the bound. Each attempt
     * runs on a new Vert.x context of its own on the record's event loop (Hibernate Reactive must run on one of its
     * own, records of other leads run at the same time, and a retry after back-off resumes on a timer thread):
     * Panache keeps the session in the context's locals, and an abandoned attempt's session, whose closing completes
     * only when its connection answers, must neither be reused by the retry nor, closing late, remove the retry's.
     * The abandoned attempt is cancelled on its context: Hibernate Reactive then rolls its transaction back, and
     * Panache closes its session.
     */
    private Uni<Boolean> bounded(Context record, Supplier<Uni<Boolean>> attempt, String consumer, String eventId) {
        if (record == null) {
            return Uni.createFrom().deferred(attempt::get).ifNoItem().after(attemptTimeout)
                    .failWith(() -> timedOut(consumer, eventId));
        }
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContexts.newContextOf(record);
            context.runOnContext(ignored -> start(context, attempt, emitter, consumer, eventId));
        });
    }

    private void start(Context context, Supplier<Uni<Boolean>> attempt, UniEmitter<? super Boolean> emitter,
            String consumer, String eventId) {
        AtomicBoolean settled = new AtomicBoolean();
        AtomicReference<Cancellable> running = new AtomicReference<>();
        long timer = context.owner().setTimer(attemptTimeout.toMillis(), id -> {
            if (settled.compareAndSet(false, true)) {
                Cancellable abandoned = running.get();
                if (abandoned != null) {
                    abandoned.cancel();
                }
                emitter.fail(timedOut(consumer, eventId));
            }
        });
        emitter.onTermination(() -> {
            // Downstream gave up (the channel is stopping): stop the attempt, on its context.
            if (settled.compareAndSet(false, true)) {
                context.owner().cancelTimer(timer);
                context.runOnContext(stop -> {
                    Cancellable abandoned = running.get();
                    if (abandoned != null) {
                        abandoned.cancel();
                    }
                });
            }
        });
        running.set(Uni.createFrom().deferred(attempt::get).subscribe().with(item -> {
            if (settled.compareAndSet(false, true)) {
                context.owner().cancelTimer(timer);
                emitter.complete(item);
            }
        }, failure -> {
            if (settled.compareAndSet(false, true)) {
                context.owner().cancelTimer(timer);
                emitter.fail(failure);
            }
        }));
    }

    private AttemptTimedOutException timedOut(String consumer, String eventId) {
        registry.counter("leadflow.events.attempts_timed_out", "consumer", consumer).increment();
        return new AttemptTimedOutException(consumer, eventId, attemptTimeout);
    }

    /** The lead a record is about (its Kafka key); records without one share a single lane, in order. */
    static String leadKey(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getKey)
                .map(String::valueOf)
                .orElse("");
    }

    private <T> Uni<Boolean> process(Delivery<T> delivery, String consumer, Function<Delivery<T>, Uni<Void>> handler) {
        delivery.forgetAfterCommit();
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(MARK_PROCESSED)
                        .setParameter("consumer", consumer)
                        .setParameter("eventId", delivery.eventId())
                        .executeUpdate())
                .chain(inserted -> inserted == 0
                        ? Uni.createFrom().item(false)
                        : handler.apply(delivery).replaceWith(true)));
    }

    private Uni<Void> nack(Message<String> message, String consumer, Throwable cause) {
        LOG.warnf("%s dead-letters a record: %s", consumer, cause.getMessage());
        registry.counter("leadflow.events.dead_lettered", "consumer", consumer).increment();
        CompletionStage<Void> nacked = message.nack(cause);
        return Uni.createFrom().completionStage(nacked);
    }

    /** The CloudEvents id; a record without one is identified by its position, which a redelivery keeps. */
    @SuppressWarnings("unchecked")
    static String eventId(Message<String> message) {
        Optional<IncomingCloudEventMetadata<String>> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(m -> (IncomingCloudEventMetadata<String>) m);
        if (cloudEvent.isPresent() && cloudEvent.get().getId() != null) {
            return cloudEvent.get().getId();
        }
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElseThrow(() -> new InvalidEventException("a record with neither an event id nor a position"));
    }
}
