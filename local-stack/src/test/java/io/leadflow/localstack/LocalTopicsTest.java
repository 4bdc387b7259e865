package io.leadflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.leadflow.events.Topics;
import io.leadflow.testsupport.TestKafka;

/** {@code ./leadflow up} creates every topic with the retention {@link Topics#retention} gives it. */
class LocalTopicsTest {

    static TestKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = TestKafka.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @Test
    void everyTopicGetsItsRetentionIncludingOnesAnEarlierRunCreated() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // As an earlier version of LocalTopics left it: the broker's default retention.
            admin.createTopics(List.of(new NewTopic(Topics.SCORED, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

            LocalTopics.main(new String[] { kafka.bootstrapServers(), "2" });

            List<ConfigResource> resources = new ArrayList<>();
            for (String topic : Topics.ALL) {
                resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic));
                resources.add(new ConfigResource(ConfigResource.Type.TOPIC, Topics.deadLetter(topic)));
            }
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            assertThat(configs).hasSize(2 * Topics.ALL.size()).hasSize(16);
            configs.forEach((resource, config) -> assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .as(resource.name()).isEqualTo(Long.toString(Topics.retention(resource.name()).toMillis())));
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.deadLetter(Topics.RECEIVED)))
                    .get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("1209600000");
        }
    }
}
