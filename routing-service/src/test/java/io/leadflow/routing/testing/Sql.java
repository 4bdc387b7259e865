package io.leadflow.routing.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/** Plain SQL on the service's database, as an operator with psql would run it: what tests set up and check. */
@ApplicationScoped
public class Sql {

    @Inject
    AgroalDataSource database;

    /** The first column of the first row, as text. */
    public String string(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); ResultSet rs = connection.createStatement()
                .executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    public long count(String sql) throws SQLException {
        return Long.parseLong(string(sql));
    }

    public void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    /** A connection of its own (to hold a lock while the service works), for the caller to close. */
    public Connection connection() throws SQLException {
        return database.getConnection();
    }
}
