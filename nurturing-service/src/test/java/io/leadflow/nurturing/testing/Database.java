package io.leadflow.nurturing.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The service's database as an operator with psql would change it, for tests of data edited under the service. */
public final class Database {

    private Database() {
    }

    public static int update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** The first column of the first row, or null. */
    public static String queryString(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters);
                java.sql.ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /**
     * Runs {@code whileHeld} while another connection holds the lead's advisory lock (the one every consumer takes
     * before touching the lead), then lets it go: a consumer waiting on that lead lets records pile up behind it.
     */
    public static void holdingLeadLock(java.util.UUID leadId, ThrowingRunnable whileHeld) throws Exception {
        long key = io.leadflow.support.persistence.LeadLocks.key(leadId);
        try (Connection holder = connect()) {
            try (PreparedStatement lock = prepare(holder, "select pg_advisory_lock(?)", key)) {
                lock.execute();
            }
            try {
                whileHeld.run();
            } finally {
                try (PreparedStatement unlock = prepare(holder, "select pg_advisory_unlock(?)", key)) {
                    unlock.execute();
                }
            }
        }
    }

    /** What {@link #holdingLeadLock} runs. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Every row, of every table of the service's schema, whose text contains one of the needles. */
    public static java.util.List<String> rowsMentioning(java.util.List<String> needles) throws SQLException {
        java.util.List<String> found = new java.util.ArrayList<>();
        try (Connection connection = connect()) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = connection.createStatement().executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public' "
                            + "and table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (java.sql.ResultSet rs = connection.createStatement()
                        .executeQuery("select t::text from \"" + table + "\" t")) {
                    while (rs.next()) {
                        String row = rs.getString(1);
                        if (needles.stream().anyMatch(row::contains)) {
                            found.add(table + ": " + row);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
