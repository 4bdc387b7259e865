package io.leadflow.routing.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.leadflow.routing.config.RoutingConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * The demo team of the {@code local} profile (and of tests): team {@code demo} with three reps working around the
 * clock (the column defaults) with room for many leads, so local runs and tests never depend on the hour. Seeded once
 * at start-up after Flyway has migrated, through the JDBC datasource since no reactive session exists yet. Never runs
 * in {@code prod}.
 */
@Singleton
public class DemoReps {

    private static final Logger LOG = Logger.getLogger(DemoReps.class);
    /** The demo reps' ids, for their own tokens in the local profile. */
    public static java.util.List<String> ids() {
        return java.util.Arrays.stream(REPS).map(rep -> rep[0]).toList();
    }

    private static final String[][] REPS = {
            { "3f6c1a52-0c2e-4b8e-9d3a-1a2b3c4d5e01", "Alice Martin", "alice.martin@leadflow.demo" },
            { "3f6c1a52-0c2e-4b8e-9d3a-1a2b3c4d5e02", "Bruno Keller", "bruno.keller@leadflow.demo" },
            { "3f6c1a52-0c2e-4b8e-9d3a-1a2b3c4d5e03", "Chloé Dubois", "chloe.dubois@leadflow.demo" } };

    @Inject
    RoutingConfig config;

    @Inject
    AgroalDataSource dataSource;

    void seed(@Observes StartupEvent started) throws SQLException {
        if (!config.demoData()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement team = connection.prepareStatement(
                        "insert into team (id, name) values ('demo', 'Demo team') on conflict (id) do nothing");
                PreparedStatement insert = connection.prepareStatement(
                        "insert into rep (id, name, email, team, active, created_at, capacity) "
                                + "values (?::uuid, ?, ?, 'demo', true, now(), 1000) on conflict (id) do nothing")) {
            team.executeUpdate();
            for (String[] rep : REPS) {
                insert.setString(1, rep[0]);
                insert.setString(2, rep[1]);
                insert.setString(3, rep[2]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        LOG.infof("Demo reps ready: %d reps in team 'demo'", REPS.length);
    }
}
