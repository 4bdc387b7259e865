package io.leadflow.localstack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import io.leadflow.events.Topics;

/**
 * Creates Leadflow's topics and their dead-letter topics up front, so the first lead does not wait for topics to be
 * auto-created, each with its retention ({@link Topics#retention}).
 * Usage: {@code LocalTopics <bootstrap-servers> <partitions>}.
 */
public final class LocalTopics {

    private LocalTopics() {
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        if (args.length != 2) {
            System.err.println("usage: LocalTopics <bootstrap-servers> <partitions>");
            System.exit(2);
        }
        int partitions = Integer.parseInt(args[1]);
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(withRetention(new NewTopic(topic, partitions, (short) 1)));
            topics.add(withRetention(new NewTopic(Topics.deadLetter(topic), 1, (short) 1)));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // Topics created by an earlier version keep the broker's default; set every one's retention explicitly.
            Map<ConfigResource, Collection<AlterConfigOp>> retention = new HashMap<>();
            for (NewTopic topic : topics) {
                retention.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retentionMs(topic.name())),
                        AlterConfigOp.OpType.SET)));
            }
            admin.incrementalAlterConfigs(retention).all().get();
            System.out.println("Topics ready: " + missing.size() + " created, " + (topics.size() - missing.size())
                    + " already there");
        }
    }

    private static NewTopic withRetention(NewTopic topic) {
        return topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, retentionMs(topic.name())));
    }

    private static String retentionMs(String topic) {
        return Long.toString(Topics.retention(topic).toMillis());
    }
}
