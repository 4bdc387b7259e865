package io.leadflow.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} service a real Kafka broker and a real PostgreSQL database of its own for the whole
 * test JVM (see {@link TestKafka} and {@link TestPostgres} for where they come from).
 */
public class RealKafkaAndPostgres implements QuarkusTestResourceLifecycleManager {

    private static volatile TestKafka kafka;
    private TestPostgres postgres;

    /** The broker of the running tests, for tests that take it away and bring it back. */
    public static TestKafka kafka() {
        return kafka;
    }

    @Override
    public Map<String, String> start() {
        kafka = TestKafka.start();
        postgres = TestPostgres.start();
        String database = postgres.createDatabase("leadflow_test_" + ProcessHandle.current().pid());
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password());
    }

    @Override
    public void stop() {
        closeQuietly(kafka);
        closeQuietly(postgres);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            if (resource != null) {
                resource.close();
            }
        } catch (Exception e) {
            // The JVM is ending; a server that will not stop cleanly is removed with it.
        }
    }
}
