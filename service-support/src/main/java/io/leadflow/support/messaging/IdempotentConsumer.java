package io.leadflow.support.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.leadflow.events.EventJson;
import io.leadflow.events.Lane;
import io.leadflow.events.MalformedEventException;
import io.leadflow.support.persistence.LeadLocks;
import io.leadflow.support.vertx.VertxContexts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one way Leadflow consumes an event: parse it, skip it if this consumer already processed its event id, run
 * the handler and record the event id in the same transaction, then acknowledge.
 * <p>
 * The pipeline's consumers take a batch ({@link #consumeBatch}): what one Kafka poll returned, handled in one
 * transaction. One multi-row insert records the batch's event ids and returns those not seen before; one statement
 * locks the leads of those records, in ascending order of their lock keys (so batches of other channels and instances
 * never deadlock on each other); each new record's handler then runs, in the order of its partition, inside the same
 * transaction; the events the handlers publish are sent without waiting one by one ({@link BatchSends}), and the
 * transaction commits once the broker acknowledged all of them. A batch that fails for any reason is retried record
 * by record, each in a transaction of its own as below, so a poison record reaches its dead-letter topic alone and
 * its neighbours are neither lost nor doubled (their event ids were rolled back with the batch).
 * <p>
 * One record at a time ({@link #consume}, and a failed batch's records):
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
 * a duplicate. A batch's attempt has the same bound.</li>
 * </ul>
 * A channel handles one batch at a time; the size of a batch is the channel's {@code max.poll.records}
 * ({@code leadflow.consumer.max-batch}). The partition's offset is committed only once the whole batch is
 * acknowledged, so a crash redelivers it and the event ids already recorded skip what had committed.
 * <p>
 * Per consumer: {@code leadflow_events_batch_size} (records per batch), {@code leadflow_events_processing_seconds}
 * (a batch, or a record, from its first attempt to its commit), {@code leadflow_events_in_flight} (records taken and
 * not yet acknowledged), {@code leadflow_events_batches_split_total} (batches retried record by record), and the
 * duplicates skipped, records dead-lettered and attempts timed out ({@code leadflow_events_duplicate_total},
 * {@code leadflow_events_dead_lettered_total}, {@code leadflow_events_attempts_timed_out_total}).
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    /** The longest event id {@code processed_event} keeps; a longer one is invalid, not retried for ever. */
    static final int MAX_EVENT_ID_LENGTH = 200;

    private static final String MARK_PROCESSED = "insert into processed_event (consumer, event_id, processed_at) "
            + "values (:consumer, :eventId, now()) on conflict do nothing";

    private static final String MARK_ALL_PROCESSED = "insert into processed_event (consumer, event_id, processed_at) "
            + "select :consumer, id, now() from unnest(cast(:eventIds as varchar[])) as ids(id) "
            + "on conflict do nothing returning event_id";

    private final MeterRegistry registry;
    private final Duration attemptTimeout;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** A consumer's meters, made with its first record and kept off the per-record path. */
    private record Channel(Timer processing, DistributionSummary batchSize, AtomicInteger inFlight, Counter split,
            Counter duplicates) {
    }

    /** A record that could be read, with the delivery its handler gets. */
    private record Readable<T>(Message<String> record, Delivery<T> delivery) {
    }

    public IdempotentConsumer(MeterRegistry registry,
            @ConfigProperty(name = "leadflow.consumer.attempt-timeout", defaultValue = "60s") Duration attemptTimeout) {
        this.registry = registry;
        this.attemptTimeout = attemptTimeout;
    }

    private Channel channel(String consumer) {
        return channels.computeIfAbsent(consumer, name -> {
            AtomicInteger inFlight = new AtomicInteger();
            Gauge.builder("leadflow.events.in_flight", inFlight, AtomicInteger::get)
                    .description("Records this consumer has taken and not yet acknowledged or dead-lettered")
                    .tag("consumer", name).register(registry);
            return new Channel(registry.timer("leadflow.events.processing", "consumer", name),
                    DistributionSummary.builder("leadflow.events.batch_size")
                            .description("Records per batch this consumer took from one poll")
                            .tag("consumer", name).register(registry),
                    inFlight,
                    Counter.builder("leadflow.events.batches_split")
                            .description("Batches that failed in one transaction and were retried record by record")
                            .tag("consumer", name).register(registry),
                    registry.counter("leadflow.events.duplicate", "consumer", name));
        });
    }

    /** Consumes one record (a channel of few records: privacy requests and confirmations). */
    public <T> Uni<Void> consume(Message<String> message, Class<T> type, String consumer,
            Function<Delivery<T>, Uni<Void>> handler) {
        Channel channel = channel(consumer);
        channel.inFlight().incrementAndGet();
        return consumeOne(message, type, consumer, handler, Vertx.currentContext(), channel)
                .chain(handled -> handled ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().voidItem())
                .eventually(channel.inFlight()::decrementAndGet);
    }

    /** Consumes what one poll returned, in one transaction when it can (see the class comment). */
    public <T> Uni<Void> consumeBatch(KafkaRecordBatch<String, String> batch, Class<T> type, String consumer,
            Function<Delivery<T>, Uni<Void>> handler) {
        return consumeBatchAtOnce(batch, type, consumer, deliveries -> handleInOrder(deliveries, handler));
    }

    /**
     * Consumes what one poll returned like {@link #consumeBatch}, with a set-based handler: it gets every new record
     * of the batch at once, in partition order, and writes them with a few statements whatever their number. A batch
     * retried record by record calls it with one delivery at a time.
     */
    public <T> Uni<Void> consumeBatchAtOnce(KafkaRecordBatch<String, String> batch, Class<T> type, String consumer,
            Function<List<Delivery<T>>, Uni<Void>> handler) {
        return consumeBatchAtOnce(batch, record -> true, type, consumer, handler);
    }

    /**
     * As {@link #consumeBatchAtOnce(KafkaRecordBatch, Class, String, Function)}, for the records {@code relevant}
     * selects (from their metadata, before their value is read); the others are acknowledged with the batch and
     * leave no trace: a consumer that follows a few records of a busy topic pays next to nothing for the rest.
     */
    public <T> Uni<Void> consumeBatchAtOnce(KafkaRecordBatch<String, String> batch,
            Predicate<Message<String>> relevant, Class<T> type, String consumer,
            Function<List<Delivery<T>>, Uni<Void>> handler) {
        Channel channel = channel(consumer);
        List<KafkaRecord<String, String>> records = batch.getRecords();
        channel.batchSize().record(records.size());
        channel.inFlight().addAndGet(records.size());
        Context context = Vertx.currentContext();
        List<Readable<T>> readable = new ArrayList<>(records.size());
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, String> record : records) {
            if (!relevant.test(record)) {
                continue;
            }
            try {
                readable.add(new Readable<>(record, new Delivery<>(EventJson.read(record.getPayload(), type),
                        eventId(record), Lane.ofTopic(record.getTopic()))));
            } catch (MalformedEventException | InvalidEventException e) {
                deadLetters.add(nack(record, consumer, e));
            }
        }
        Uni<Void> parked = deadLetters.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLetters).andFailFast().replaceWithVoid();
        // The batch's acknowledgement acknowledges the last record of each of its partitions, which commits them all.
        return parked
                .chain(() -> readable.isEmpty() ? Uni.createFrom().voidItem()
                        : inOneTransaction(readable, type, consumer, handler, context, channel))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .eventually(() -> channel.inFlight().addAndGet(-records.size()));
    }

    private <T> Uni<Void> inOneTransaction(List<Readable<T>> readable, Class<T> type, String consumer,
            Function<List<Delivery<T>>, Uni<Void>> handler, Context context, Channel channel) {
        Timer.Sample started = Timer.start(registry);
        return bounded(context, () -> processBatch(readable, consumer, handler), consumer,
                "a batch of " + readable.size())
                .onItemOrFailure().transformToUni((fresh, failure) -> {
                    if (failure != null) {
                        LOG.warnf("%s could not process a batch of %d records in one transaction, retrying them one "
                                + "by one: %s", consumer, readable.size(), failure.toString());
                        channel.split().increment();
                        return oneByOne(readable, type, consumer, handler, context, channel);
                    }
                    started.stop(channel.processing());
                    fresh.forEach(Delivery::runAfterCommit);
                    if (fresh.size() < readable.size()) {
                        channel.duplicates().increment(readable.size() - fresh.size());
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /** The batch's records, each in its own transaction, in order; each one processed or dead-lettered. */
    private <T> Uni<Void> oneByOne(List<Readable<T>> readable, Class<T> type, String consumer,
            Function<List<Delivery<T>>, Uni<Void>> handler, Context context, Channel channel) {
        Function<Delivery<T>, Uni<Void>> single = delivery -> handler.apply(List.of(delivery));
        return Multi.createFrom().iterable(readable)
                .onItem().transformToUniAndConcatenate(
                        r -> consumeOne(r.record(), type, consumer, single, context, channel))
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * One attempt at the whole batch: the deliveries it processed, in order (the others had been processed before, or
     * repeat an event id earlier in the batch).
     */
    private <T> Uni<List<Delivery<T>>> processBatch(List<Readable<T>> readable, String consumer,
            Function<List<Delivery<T>>, Uni<Void>> handler) {
        readable.forEach(r -> r.delivery().forgetAfterCommit());
        String[] eventIds = readable.stream().map(r -> r.delivery().eventId()).distinct().toArray(String[]::new);
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(MARK_ALL_PROCESSED, String.class)
                        .setParameter("consumer", consumer)
                        .setParameter("eventIds", eventIds)
                        .getResultList())
                .chain(newIds -> {
                    List<Readable<T>> fresh = firstOfEach(readable, new HashSet<>(newIds));
                    List<Delivery<T>> deliveries = fresh.stream().map(Readable::delivery).toList();
                    BatchSends sends = BatchSends.open();
                    return lockLeads(fresh)
                            .chain(() -> deliveries.isEmpty() ? Uni.createFrom().voidItem()
                                    : handler.apply(deliveries))
                            .chain(sends::acknowledged)
                            .eventually(sends::close)
                            .replaceWith(deliveries);
                }));
    }

    /** The records whose event id is new, each id once (a producer's retry may repeat one within a poll). */
    private static <T> List<Readable<T>> firstOfEach(List<Readable<T>> readable, Set<String> newIds) {
        List<Readable<T>> fresh = new ArrayList<>(newIds.size());
        for (Readable<T> r : readable) {
            if (newIds.remove(r.delivery().eventId())) {
                fresh.add(r);
            }
        }
        return fresh;
    }

    private static <T> Uni<Void> lockLeads(List<Readable<T>> fresh) {
        return LeadLocks.lockAll(fresh.stream()
                .map(r -> leadIdOrNull(leadKey(r.record())))
                .filter(Objects::nonNull)
                .toList());
    }

    /**
     * A per-record handler over a batch: each delivery in order, its changes flushed before the next. A set-based
     * handler uses it for the records it leaves to the per-record code.
     */
    public static <T> Uni<Void> handleInOrder(List<Delivery<T>> deliveries,
            Function<Delivery<T>, Uni<Void>> handler) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Delivery<T> delivery : deliveries) {
            chain = chain.chain(() -> handler.apply(delivery)).chain(IdempotentConsumer::flushAndClear);
        }
        return chain;
    }

    /**
     * Writes a record's changes and lets its entities go: Hibernate checks every entity of the session for changes
     * before each query, so a session that kept the whole batch's entities would cost the square of its size.
     */
    private static Uni<Void> flushAndClear() {
        return Panache.getSession().chain(session -> session.flush().invoke(session::clear));
    }

    private static UUID leadIdOrNull(String key) {
        try {
            return key.isEmpty() ? null : UUID.fromString(key);
        } catch (IllegalArgumentException notALeadId) {
            return null;
        }
    }

    /** One record until processed (true) or dead-lettered (false: the dead-letter strategy acknowledged it). */
    private <T> Uni<Boolean> consumeOne(Message<String> message, Class<T> type, String consumer,
            Function<Delivery<T>, Uni<Void>> handler, Context record, Channel channel) {
        Delivery<T> delivery;
        try {
            delivery = new Delivery<>(EventJson.read(message.getPayload(), type), eventId(message), lane(message));
        } catch (MalformedEventException | InvalidEventException e) {
            return nack(message, consumer, e).replaceWith(false);
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
                        return nack(message, consumer, failure).replaceWith(false);
                    }
                    started.stop(channel.processing());
                    if (Boolean.TRUE.equals(processed)) {
                        delivery.runAfterCommit();
                    } else {
                        channel.duplicates().increment();
                    }
                    return Uni.createFrom().item(true);
                });
    }

    /**
     * One attempt, failed with {@link AttemptTimedOutException} when it has no outcome within the bound. Each attempt
     * runs on a new Vert.x context of its own on the record's event loop (Hibernate Reactive must run on one of its
     * own, and a retry after back-off resumes on a timer thread):
     * Panache keeps the session in the context's locals, and an abandoned attempt's session, whose closing completes
     * only when its connection answers, must neither be reused by the retry nor, closing late, remove the retry's.
     * The abandoned attempt is cancelled on its context: Hibernate Reactive then rolls its transaction back, and
     * Panache closes its session.
     */
    private <R> Uni<R> bounded(Context record, Supplier<Uni<R>> attempt, String consumer, String eventId) {
        if (record == null) {
            return Uni.createFrom().deferred(attempt::get).ifNoItem().after(attemptTimeout)
                    .failWith(() -> timedOut(consumer, eventId));
        }
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContexts.newContextOf(record);
            context.runOnContext(ignored -> start(context, attempt, emitter, consumer, eventId));
        });
    }

    private <R> void start(Context context, Supplier<Uni<R>> attempt, UniEmitter<? super R> emitter,
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

    /** The lead a record is about (its Kafka key), or an empty string. */
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

    private static Lane lane(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> Lane.ofTopic(m.getTopic()))
                .orElse(Lane.LIVE);
    }

    /** The CloudEvents id; a record without one is identified by its position, which a redelivery keeps. */
    @SuppressWarnings("unchecked")
    static String eventId(Message<String> message) {
        Optional<IncomingCloudEventMetadata<String>> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(m -> (IncomingCloudEventMetadata<String>) m);
        if (cloudEvent.isPresent() && cloudEvent.get().getId() != null) {
            String id = cloudEvent.get().getId();
            if (id.length() > MAX_EVENT_ID_LENGTH) {
                throw new InvalidEventException("an event id longer than " + MAX_EVENT_ID_LENGTH + " characters");
            }
            return id;
        }
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElseThrow(() -> new InvalidEventException("a record with neither an event id nor a position"));
    }
}
