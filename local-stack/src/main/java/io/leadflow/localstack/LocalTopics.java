package io.leadflow.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.leadflow.events.Topics;

/**
 * Creates Leadflow's topics and their dead-letter topics up front, so the first lead does not wait for topics to be
 * auto-created. Usage: {@code LocalTopics <bootstrap-servers> <partitions>}.
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
        for (String topic : List.of(Topics.RECEIVED, Topics.ENGAGEMENT, Topics.SCORED, Topics.ASSIGNED,
                Topics.NURTURE, Topics.PRIVACY)) {
            topics.add(new NewTopic(topic, partitions, (short) 1));
            topics.add(new NewTopic(Topics.deadLetter(topic), 1, (short) 1));
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
            System.out.println("Topics ready: " + missing.size() + " created, " + (topics.size() - missing.size())
                    + " already there");
        }
    }
}
