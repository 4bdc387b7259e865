package io.leadflow.testsupport;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link RealKafkaAndPostgres}, with the service's reactive datasource reaching PostgreSQL through a
 * {@link DarkeningProxy} (Flyway's JDBC datasource, and a test's own connections, go straight to it). Declare it with
 * {@code restrictToAnnotatedClass = true}.
 */
public class PostgresThroughProxy extends RealKafkaAndPostgres {

    private static volatile DarkeningProxy proxy;

    /** The proxy of the running test application. */
    public static DarkeningProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        URI direct = URI.create(config.get("quarkus.datasource.reactive.url"));
        try {
            proxy = new DarkeningProxy(direct.getHost(), direct.getPort());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the proxy to PostgreSQL", e);
        }
        config.put("quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + proxy.port() + direct.getPath());
        return config;
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } catch (Exception e) {
            // The JVM is ending.
        }
        super.stop();
    }
}
