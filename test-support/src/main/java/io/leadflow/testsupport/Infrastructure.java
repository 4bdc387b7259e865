package io.leadflow.testsupport;

import java.util.Locale;

import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;

/** How tests get their broker and database: explicit addresses first, then Docker, then in-JVM servers. */
final class Infrastructure {

    private static final Logger LOG = Logger.getLogger(Infrastructure.class);
    private static Boolean dockerAvailable;

    private Infrastructure() {
    }

    static String setting(String name) {
        String value = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'), System.getenv(name));
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Docker is asked once per JVM; {@code LEADFLOW_TEST_DOCKER=false} skips the question. */
    static synchronized boolean dockerAvailable() {
        if (dockerAvailable == null) {
            if ("false".equalsIgnoreCase(setting("LEADFLOW_TEST_DOCKER"))) {
                dockerAvailable = false;
            } else {
                try {
                    dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
                } catch (RuntimeException | LinkageError e) {
                    dockerAvailable = false;
                }
            }
            LOG.infof("Docker engine %s: tests use %s", dockerAvailable ? "found" : "not found",
                    dockerAvailable ? "Testcontainers" : "an in-JVM Kafka broker and embedded PostgreSQL");
        }
        return dockerAvailable;
    }
}
