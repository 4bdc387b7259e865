package io.leadflow.localstack;

import java.io.File;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL server of a local run: embedded PostgreSQL on 127.0.0.1, its data kept in a folder across runs,
 * with a {@code leadflow} role owning one database per service. Runs until the process is stopped (the shutdown
 * hook stops the server cleanly). Usage: {@code LocalPostgres <data-dir> <port>}.
 */
public final class LocalPostgres {

    static final String ROLE = "leadflow";
    static final String PASSWORD = "leadflow";

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LocalPostgres <data-dir> <port>");
            System.exit(2);
        }
        File dataDirectory = new File(args[0]);
        dataDirectory.getParentFile().mkdirs();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(Integer.parseInt(args[1]))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "120")
                .setServerConfig("shared_buffers", "64MB")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e);
            }
            stopped.countDown();
        }, "stop-postgres"));
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            ServiceDatabases.ensureRole(admin, ROLE, PASSWORD);
            ServiceDatabases.ensureDatabases(admin, ROLE);
        }
        System.out.println("PostgreSQL ready on 127.0.0.1:" + postgres.getPort() + " (databases "
                + String.join(", ", ServiceDatabases.DATABASES) + ", role " + ROLE + ")");
        stopped.await();
    }
}
