package io.leadflow.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.testcontainers.kafka.KafkaContainer;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real Kafka broker for one test JVM: {@code KAFKA_BOOTSTRAP_SERVERS} when set, a Testcontainers broker when a
 * Docker engine runs, otherwise a single-node KRaft broker inside this JVM. The in-JVM broker can be stopped and
 * started again on the same address with its data, for outage tests ({@link #restartable()}).
 */
public final class TestKafka implements AutoCloseable {

    private static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    private final String bootstrapServers;
    private final AutoCloseable container;
    private final Embedded embedded;

    private TestKafka(String bootstrapServers, AutoCloseable container, Embedded embedded) {
        this.bootstrapServers = bootstrapServers;
        this.container = container;
        this.embedded = embedded;
    }

    public static TestKafka start() {
        String external = Infrastructure.setting("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null) {
            return new TestKafka(external, null, null);
        }
        if (Infrastructure.dockerAvailable()) {
            KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
            kafka.start();
            return new TestKafka(kafka.getBootstrapServers(), kafka::stop, null);
        }
        Embedded embedded = new Embedded();
        embedded.start();
        return new TestKafka("127.0.0.1:" + embedded.port, null, embedded);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Whether {@link #stop()} and {@link #restart()} work: only for the in-JVM broker. */
    public boolean restartable() {
        return embedded != null;
    }

    /** Stops the broker; clients see it unreachable until {@link #restart()}. */
    public void stop() {
        requireRestartable();
        embedded.stop();
    }

    /** Starts the stopped broker again, same address, same cluster, same data. */
    public void restart() {
        requireRestartable();
        embedded.start();
    }

    @Override
    public void close() throws Exception {
        if (container != null) {
            container.close();
        }
        if (embedded != null) {
            embedded.stop();
            embedded.deleteData();
        }
    }

    private void requireRestartable() {
        if (embedded == null) {
            throw new IllegalStateException("only the in-JVM broker can be stopped and restarted by a test");
        }
    }

    private static final class Embedded {
        final int port = freePort();
        final int controllerPort = freePort();
        final String clusterId = Uuid.randomUuid().toString();
        final Path logDir;
        EmbeddedKafkaBroker broker;

        Embedded() {
            try {
                logDir = Files.createTempDirectory("leadflow-test-kafka");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized void start() {
            if (broker != null) {
                return;
            }
            broker = new EmbeddedKafkaBroker()
                    .withNodeId(1)
                    .withClusterId(clusterId)
                    .withKafkaHost("127.0.0.1")
                    .withKafkaPort(port)
                    .withControllerPort(controllerPort)
                    .withDeleteLogDirsOnClose(false)
                    .withAdditionalProperties(properties -> {
                        properties.put("log.dir", logDir.toString());
                        properties.put("num.partitions", "3");
                        properties.put("group.initial.rebalance.delay.ms", "0");
                        properties.put("auto.create.topics.enable", "true");
                    })
                    .start();
        }

        synchronized void stop() {
            if (broker != null) {
                broker.close();
                broker = null;
            }
        }

        void deleteData() throws IOException {
            try (Stream<Path> files = Files.walk(logDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
