package io.leadflow.localstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the database of each service and the benchmark's (and, on our own embedded server, the role that owns them)
 * when missing.
 * Run as a program against an existing server: {@code ServiceDatabases <jdbc-url-of-an-admin-database> <user>
 * <password>}.
 */
public final class ServiceDatabases {

    /**
     * One per service, and {@code bench}: where {@code ./leadflow bench --ceilings} runs pgbench (its own tables; the
     * role that owns the others may not create databases).
     */
    static final List<String> DATABASES = List.of("intake", "scoring", "routing", "nurturing", "bench");

    private ServiceDatabases() {
    }

    public static void main(String[] args) throws SQLException {
        if (args.length != 3) {
            System.err.println("usage: ServiceDatabases <jdbc-url> <user> <password>");
            System.exit(2);
        }
        try (Connection admin = DriverManager.getConnection(args[0], args[1], args[2])) {
            ensureDatabases(admin, args[1]);
        }
        System.out.println("Databases ready: " + String.join(", ", DATABASES));
    }

    static void ensureRole(Connection admin, String role, String password) throws SQLException {
        try (PreparedStatement exists = admin.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            exists.setString(1, role);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return;
                }
            }
        }
        try (Statement create = admin.createStatement()) {
            create.execute("create role " + role + " login password '" + password.replace("'", "''") + "'");
        }
    }

    static void ensureDatabases(Connection admin, String owner) throws SQLException {
        for (String database : DATABASES) {
            try (PreparedStatement exists = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, database);
                try (ResultSet found = exists.executeQuery()) {
                    if (found.next()) {
                        continue;
                    }
                }
            }
            try (Statement create = admin.createStatement()) {
                create.execute("create database " + database + " owner \"" + owner.replace("\"", "") + "\"");
            }
        }
    }
}
