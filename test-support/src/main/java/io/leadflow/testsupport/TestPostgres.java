package io.leadflow.testsupport;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.testcontainers.postgresql.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for one test JVM: the server of {@code LEADFLOW_TEST_PG_URL} (a JDBC URL, with
 * {@code LEADFLOW_TEST_PG_USER} and {@code LEADFLOW_TEST_PG_PASSWORD}) when set, a Testcontainers server when a Docker
 * engine runs, otherwise embedded PostgreSQL. Each test run creates its own databases on it.
 */
public final class TestPostgres implements AutoCloseable {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminDatabase;
    private final AutoCloseable server;

    private TestPostgres(String host, int port, String user, String password, String adminDatabase,
            AutoCloseable server) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminDatabase = adminDatabase;
        this.server = server;
    }

    public static TestPostgres start() {
        String external = Infrastructure.setting("LEADFLOW_TEST_PG_URL");
        if (external != null) {
            URI uri = URI.create(external.replaceFirst("^jdbc:", ""));
            return new TestPostgres(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                    Infrastructure.setting("LEADFLOW_TEST_PG_USER"), Infrastructure.setting("LEADFLOW_TEST_PG_PASSWORD"),
                    uri.getPath().isEmpty() ? "postgres" : uri.getPath().substring(1), null);
        }
        if (Infrastructure.dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return new TestPostgres(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                    container.getPassword(), container.getDatabaseName(), container::stop);
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            return new TestPostgres("127.0.0.1", embedded.getPort(), "postgres", "postgres", "postgres", embedded);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
    }

    /** Creates a fresh, empty database and returns its name. */
    public String createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(adminDatabase), user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name);
            statement.execute("create database " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
