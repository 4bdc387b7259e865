package io.leadflow.testsupport;

import org.testcontainers.kafka.KafkaContainer;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real Kafka broker for one test JVM: {@code KAFKA_BOOTSTRAP_SERVERS} when set, a Testcontainers broker when a
 * Docker engine runs, otherwise a single-node KRaft broker inside this JVM.
 */
public final class TestKafka implements AutoCloseable {

    private static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    private final String bootstrapServers;
    private final AutoCloseable server;

    private TestKafka(String bootstrapServers, AutoCloseable server) {
        this.bootstrapServers = bootstrapServers;
        this.server = server;
    }

    public static TestKafka start() {
        String external = Infrastructure.setting("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null) {
            return new TestKafka(external, null);
        }
        if (Infrastructure.dockerAvailable()) {
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            return new TestKafka(container.getBootstrapServers(), container::stop);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaHost("127.0.0.1")
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(properties -> {
                    properties.put("num.partitions", "3");
                    properties.put("group.initial.rebalance.delay.ms", "0");
                    properties.put("auto.create.topics.enable", "true");
                })
                .start();
        String listeners = broker.getAdvertisedListeners();
        return new TestKafka(listeners.substring(listeners.indexOf("://") + 3), broker);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
