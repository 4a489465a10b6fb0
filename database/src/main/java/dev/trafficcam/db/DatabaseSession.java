package dev.trafficcam.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * One JDBC connection per warm container (a Lambda instance handles one event at a time), validated before each use and
 * rebuilt after any failure, so a dropped connection (database restart, RDS Proxy idle time-out) costs one reconnect
 * instead of a failed event.
 */
public final class DatabaseSession implements AutoCloseable {
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DatabaseConnections connections;
    private Connection connection;

    public DatabaseSession(DatabaseConnections connections) {
        this.connections = connections;
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    public synchronized <T> T inTransaction(Function<DSLContext, T> work) {
        Connection c = connection();
        try {
            return DSL.using(c, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false))
                    .transactionResult(tx -> work.apply(tx.dsl()));
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
    }

    private Connection connection() {
        try {
            if (connection != null && !connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                discard();
            }
            if (connection == null) {
                connection = connections.open();
            }
            return connection;
        } catch (SQLException e) {
            discard();
            throw new org.jooq.exception.DataAccessException(
                    "cannot connect to " + connections.settings().jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    private void discard() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being thrown away because it is broken
            }
            connection = null;
        }
    }

    /** Whether a connection is currently held (for tests and diagnostics). */
    public synchronized boolean connected() {
        return connection != null;
    }

    @Override
    public synchronized void close() {
        discard();
    }
}
