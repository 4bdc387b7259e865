package io.leadflow.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

import io.leadflow.events.EventJson;
import io.leadflow.events.EventType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Reads and writes a real topic from a test, as another service would, with the CloudEvents headers. */
public final class Topic {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaCompanion companion;
    private final String name;

    public Topic(KafkaCompanion companion, String name) {
        this.companion = companion;
        this.name = name;
    }

    /** A topic of the broker the running {@code @QuarkusTest} application uses. */
    public static Topic of(String name) {
        return new Topic(new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers",
                String.class)), name);
    }

    /** Publishes an event as its producing service would, and returns its event id. */
    public String publish(UUID leadId, Object event) {
        String eventId = UUID.randomUUID().toString();
        publishRaw(leadId.toString(), EventJson.write(event), eventId, EventType.ofPayload(event.getClass()).ceType());
        return eventId;
    }

    /**
     * Publishes an event as routing or nurturing publish what an imported lead's score caused: on its live topic,
     * marked as the bulk lane's ({@code leadflow-lane: bulk}). Returns its event id.
     */
    public String publishInBulkLane(UUID leadId, Object event) {
        String eventId = UUID.randomUUID().toString();
        List<Header> headers = List.of(
                header("ce_specversion", "1.0"), header("ce_id", eventId),
                header("ce_type", EventType.ofPayload(event.getClass()).ceType()), header("ce_source", "test"),
                header("content-type", "application/json"), header("leadflow-lane", "bulk"));
        companion.produceStrings()
                .fromRecords(new ProducerRecord<>(name, null, leadId.toString(), EventJson.write(event), headers))
                .awaitCompletion(WAIT);
        return eventId;
    }

    /** Publishes any value, parseable or not, with the given event id and type. */
    public void publishRaw(String key, String value, String eventId, String ceType) {
        publishRaw(null, key, value, eventId, ceType);
    }

    /** As {@link #publishRaw(String, String, String, String)}, to one partition (null: the key's). */
    public void publishRaw(Integer partition, String key, String value, String eventId, String ceType) {
        List<Header> headers = List.of(
                header("ce_specversion", "1.0"), header("ce_id", eventId), header("ce_type", ceType),
                header("ce_source", "test"), header("content-type", "application/json"));
        companion.produceStrings()
                .fromRecords(new ProducerRecord<>(name, partition, key, value, headers))
                .awaitCompletion(WAIT);
    }

    /** A record as {@link #publishTogether} sends it: any value, parseable or not, with its event id and type. */
    public record Raw(String key, String value, String eventId, String ceType) {
    }

    /**
     * Publishes records to one partition in a single produce request, so they sit side by side in the log and a
     * consumer's next poll returns them together (one batch).
     */
    public void publishTogether(int partition, List<Raw> records) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, companion.getBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 60_000,
                ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> sent = records.stream().map(r -> producer.send(new ProducerRecord<>(name,
                    partition, r.key(), r.value(), List.<Header> of(header("ce_specversion", "1.0"),
                            header("ce_id", r.eventId()), header("ce_type", r.ceType()), header("ce_source", "test"),
                            header("content-type", "application/json"))))).toList();
            producer.flush();
            for (Future<RecordMetadata> each : sent) {
                each.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("records not published to " + name, e);
        }
    }

    /** Waits (bounded) until a record matching {@code condition} is on the topic, reading from its beginning. */
    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> condition) {
        ConsumerTask<String, String> task = companion.consumeStrings()
                .fromTopics(name, records -> records.filter(condition).select().first());
        task.awaitCompletion(WAIT);
        return task.getRecords().get(0);
    }

    /**
     * Waits (bounded) until {@code count} records matching {@code condition} are on the topic, then keeps reading for
     * {@code settle} and returns all the matching ones, so a test can show that no extra record followed.
     */
    public List<ConsumerRecord<String, String>> awaitExactly(int count, Predicate<ConsumerRecord<String, String>> condition,
            Duration settle) {
        ConsumerTask<String, String> task = companion.consumeStrings()
                .fromTopics(name, records -> records.filter(condition));
        try {
            task.awaitRecords(count, WAIT);
            task.awaitNextRecord(settle);
        } catch (AssertionError quiet) {
            // No further record within settle (or fewer than count in time): the caller asserts on what arrived.
        } finally {
            task.stop();
        }
        return task.getRecords();
    }

    /**
     * Reads the records matching {@code filter} from the topic's beginning until {@code complete} holds for what was
     * read (bounded wait), then for {@code settle} more, and returns them all.
     */
    public List<ConsumerRecord<String, String>> collect(Predicate<ConsumerRecord<String, String>> filter,
            Predicate<List<ConsumerRecord<String, String>>> complete, Duration atMost, Duration settle) {
        ConsumerTask<String, String> task = companion.consumeStrings()
                .fromTopics(name, records -> records.filter(filter));
        try {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                    .until(() -> complete.test(task.getRecords()));
            task.awaitNextRecord(settle);
        } catch (AssertionError quiet) {
            // Nothing more arrived within settle.
        } finally {
            task.stop();
        }
        return task.getRecords();
    }

    public <T> T awaitEvent(UUID leadId, Class<T> type, Predicate<T> condition) {
        ConsumerRecord<String, String> record = await(r -> leadId.toString().equals(r.key())
                && condition.test(EventJson.read(r.value(), type)));
        return EventJson.read(record.value(), type);
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
