package dev.trafficcam.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trafficcam.support.AwsClients;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Opens JDBC connections as the settings say: with a password (given, or read once from a Secrets Manager secret) or
 * with a fresh RDS IAM token for each connection. Also a minimal {@link DataSource} for Flyway.
 */
public final class DatabaseConnections implements DataSource {
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final DatabaseSettings settings;
    private final AwsCredentialsProvider credentials;
    private final Supplier<SecretsManagerClient> secrets;
    private final Timeouts timeouts;
    private volatile Credentials resolved;

    /**
     * How long a connection may take to open, and a statement to answer (PgJDBC's {@code connectTimeout} and
     * {@code socketTimeout}, seconds); a socket time-out of zero waits as long as the database takes. The whole sign-in
     * (TCP, TLS, the startup exchange) gets twice the connect time-out ({@code loginTimeout}): {@code connectTimeout}
     * bounds only the TCP connect, and a database host that accepts and never answers (hung, failing over) would
     * otherwise hold the function until its own time-out.
     */
    public record Timeouts(Duration connect, Duration socket) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS), Duration.ZERO);
    }

    private record Credentials(String user, String password) {}

    /**
     * Credentials from the SDK's default chain: key variables, or the container credentials that Lambda gives a
     * SnapStart function instead of them (Lambda developer guide, SnapStart and the AWS SDKs).
     */
    public DatabaseConnections(DatabaseSettings settings) {
        this(
                settings,
                DefaultCredentialsProvider.builder().build(),
                () -> AwsClients.configure(
                                SecretsManagerClient.builder(),
                                settings.region(),
                                DefaultCredentialsProvider.builder().build(),
                                Optional.empty(),
                                new AwsClients.Call(Duration.ofSeconds(5), Duration.ofSeconds(15), 3))
                        .build());
    }

    public DatabaseConnections(
            DatabaseSettings settings, AwsCredentialsProvider credentials, Supplier<SecretsManagerClient> secrets) {
        this(settings, credentials, secrets, Timeouts.DEFAULT);
    }

    private DatabaseConnections(
            DatabaseSettings settings,
            AwsCredentialsProvider credentials,
            Supplier<SecretsManagerClient> secrets,
            Timeouts timeouts) {
        this.settings = settings;
        this.credentials = credentials;
        this.secrets = secrets;
        this.timeouts = timeouts;
    }

    /** The same connections with other time limits (the key authorizer's are short: it must answer in 10 s). */
    public DatabaseConnections withTimeouts(Timeouts t) {
        return new DatabaseConnections(settings, credentials, secrets, t);
    }

    public DatabaseSettings settings() {
        return settings;
    }

    /** A new connection, auto-commit on. */
    public Connection open() throws SQLException {
        Properties props = new Properties();
        long connect = Math.max(1, timeouts.connect().toSeconds());
        props.setProperty("connectTimeout", String.valueOf(connect));
        props.setProperty("loginTimeout", String.valueOf(2 * connect));
        if (!timeouts.socket().isZero()) {
            props.setProperty(
                    "socketTimeout",
                    String.valueOf(Math.max(1, timeouts.socket().toSeconds())));
        }
        props.setProperty("ApplicationName", "traffic-camera-pipeline");
        if (settings.auth() == DatabaseSettings.Auth.IAM) {
            URI at = settings.hostAndPort();
            props.setProperty("user", settings.user());
            props.setProperty(
                    "password",
                    RdsIamToken.generate(
                            at.getHost(),
                            at.getPort(),
                            settings.user(),
                            settings.region(),
                            credentials.resolveCredentials(),
                            Clock.systemUTC()));
            if (!settings.jdbcUrl().contains("sslmode=")) {
                props.setProperty("sslmode", "require"); // IAM authentication only works over TLS
            }
        } else {
            Credentials c = credentials();
            props.setProperty("user", c.user());
            props.setProperty("password", c.password());
        }
        return DriverManager.getConnection(settings.jdbcUrl(), props);
    }

    private Credentials credentials() throws SQLException {
        Credentials c = resolved;
        if (c == null) {
            if (settings.secretArn() == null) {
                c = new Credentials(settings.user(), settings.password());
            } else {
                c = fromSecret();
            }
            resolved = c;
        }
        return c;
    }

    private Credentials fromSecret() throws SQLException {
        String text;
        try (SecretsManagerClient client = secrets.get()) {
            text = client.getSecretValue(b -> b.secretId(settings.secretArn())).secretString();
        } catch (RuntimeException e) {
            throw new SQLException(
                    "cannot read the database secret " + settings.secretArn() + ": " + e.getMessage(), "08001", e);
        }
        try {
            JsonNode json = new ObjectMapper().readTree(text);
            String user = json.hasNonNull("username") ? json.get("username").asText() : settings.user();
            if (user == null || !json.hasNonNull("password")) {
                throw new SQLException(
                        "the database secret " + settings.secretArn() + " has no username/password", "28000");
            }
            return new Credentials(user, json.get("password").asText());
        } catch (IOException e) {
            throw new SQLException("the database secret " + settings.secretArn() + " is not JSON", "28000", e);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return open();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the database settings");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return CONNECT_TIMEOUT_SECONDS;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
