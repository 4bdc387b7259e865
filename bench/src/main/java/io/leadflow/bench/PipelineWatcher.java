package io.leadflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.leadflow.events.Topics;

/**
 * Reads nurturing's {@code leads.nurture} from its end (under no group) to note when each lead was enrolled, and
 * measures the consumer lag of Leadflow's groups through the admin client.
 */
public final class PipelineWatcher implements AutoCloseable {

    private static final Pattern ENROLLED = Pattern.compile("\"status\"\\s*:\\s*\"enrolled\"");
    private static final Pattern LEAD_ID = Pattern.compile("\"leadId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /** First time (nanoTime) each lead's enrollment was read. */
    public final Map<String, Long> enrolledAt = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Admin admin;
    private final Thread reader;
    private volatile boolean running = true;

    public PipelineWatcher(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.NURTURE, Duration.ofSeconds(15)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(adminProps);
        reader = new Thread(this::read, "bench-nurture-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                long now = System.nanoTime();
                if (record.value() != null && ENROLLED.matcher(record.value()).find()) {
                    Matcher lead = LEAD_ID.matcher(record.value());
                    if (lead.find()) {
                        enrolledAt.putIfAbsent(lead.group(1), now);
                    }
                }
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    /** Total lag of every consumer group on the broker whose id does not start with {@code bench}. */
    public long totalLag() throws Exception {
        long lag = 0;
        List<String> groups = new ArrayList<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            groups.add(group.groupId());
        }
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                    lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                }
            }
        }
        return lag;
    }

    /** Waits until the lag is zero (bounded); returns the seconds it took, or -1 when it did not drain in time. */
    public double secondsToDrain(Duration atMost) throws Exception {
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (totalLag() == 0) {
                return Math.round((System.nanoTime() - start) / 1e7) / 100.0;
            }
            Thread.sleep(250);
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(10_000);
        admin.close(Duration.ofSeconds(5));
    }
}
