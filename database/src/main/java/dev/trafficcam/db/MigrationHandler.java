package dev.trafficcam.db;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The migration runner as a Lambda function (the deployment invokes it on every deploy). Any input is accepted; the
 * answer says how many migrations ran and the schema version. A failed migration throws, so the deployment fails rather
 * than starting code on the wrong schema.
 */
public final class MigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final DatabaseConnections connections;
    private final String appUser;
    private final String reader;
    private final String eraser;
    private final String keyKeeper;
    private java.time.ZoneId defaultTimeZone = java.time.ZoneId.of("UTC");

    /**
     * Environment: the {@code DB_*} variables of {@link DatabaseSettings}, {@code DB_APP_USER}, {@code DB_READER_USER}
     * {@code DB_ERASER_USER} and {@code DB_KEYS_USER} (each optional), and {@code DEFAULT_TIME_ZONE}, the IANA zone of
     * cameras added without one (UTC when unset).
     */
    public MigrationHandler() {
        this(
                new DatabaseConnections(DatabaseSettings.fromEnvironment(System.getenv())),
                System.getenv("DB_APP_USER"),
                System.getenv("DB_READER_USER"),
                System.getenv("DB_ERASER_USER"),
                System.getenv("DB_KEYS_USER"));
        String zone = System.getenv("DEFAULT_TIME_ZONE");
        if (zone != null && !zone.isBlank()) {
            defaultTimeZone = dev.trafficcam.model.CaptureTimes.zone(zone);
        }
    }

    public MigrationHandler(DatabaseConnections connections, String appUser, String reader) {
        this(connections, appUser, reader, null);
    }

    /**
     * @param appUser the application's database user to create and grant (see {@link Migrations#ensureAppUser}), or
     *     null
     * @param reader the read side's database user (see {@link Migrations#ensureReader}), or null
     * @param eraser the erasure's database user (see {@link Migrations#ensureEraser}), or null
     */
    public MigrationHandler(DatabaseConnections connections, String appUser, String reader, String eraser) {
        this(connections, appUser, reader, eraser, null);
    }

    /**
     * @param keyKeeper the key tables' database user, for the authorizer and the operators (see
     *     {@link Migrations#ensureKeyKeeper}), or null
     */
    public MigrationHandler(
            DatabaseConnections connections, String appUser, String reader, String eraser, String keyKeeper) {
        this.keyKeeper = keyKeeper == null || keyKeeper.isBlank() ? null : keyKeeper.strip();
        this.connections = connections;
        this.appUser = appUser == null || appUser.isBlank() ? null : appUser.strip();
        this.reader = reader == null || reader.isBlank() ? null : reader.strip();
        this.eraser = eraser == null || eraser.isBlank() ? null : eraser.strip();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Migrations.Outcome outcome = Migrations.migrate(connections, defaultTimeZone);
        if (appUser != null) {
            Migrations.ensureAppUser(connections, appUser);
        }
        if (reader != null) {
            Migrations.ensureReader(connections, reader);
        }
        if (eraser != null) {
            Migrations.ensureEraser(connections, eraser);
        }
        if (keyKeeper != null) {
            Migrations.ensureKeyKeeper(connections, keyKeeper);
        }
        return Map.of(
                "migrationsApplied",
                outcome.applied(),
                "schemaVersion",
                String.valueOf(outcome.schemaVersion()),
                "appUser",
                appUser == null ? "" : appUser,
                "reader",
                reader == null ? "" : reader,
                "eraser",
                eraser == null ? "" : eraser,
                "keyKeeper",
                keyKeeper == null ? "" : keyKeeper);
    }
}
