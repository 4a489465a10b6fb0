package dev.trafficcam.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the schema migrations in {@code db/migration} (Flyway). Three front doors: this class from code (tests, the
 * local stack), {@link #main} from a shell, and {@link MigrationHandler} as a Lambda function that the deployment runs
 * before the persistence function takes traffic.
 */
public final class Migrations {
    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {}

    /** What a run did. */
    public record Outcome(int applied, String schemaVersion) {}

    public static Outcome migrate(DataSource dataSource) {
        return migrate(dataSource, java.time.ZoneId.of("UTC"));
    }

    /**
     * Migrates, then makes {@code defaultTimeZone} the zone of cameras added without one (the column's default), so
     * that changing the deployment's default changes it for the cameras added after. The zone is also V9's reading of
     * the wall-clock capture times stored before it (every camera then takes it).
     */
    public static Outcome migrate(DataSource dataSource, java.time.ZoneId defaultTimeZone) {
        MigrateResult result = configure(dataSource, defaultTimeZone).load().migrate();
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.Statement s = c.createStatement()) {
            // a zone id is letters, digits and '/', '_', '-', '+': checked by ZoneId, and again by PostgreSQL here
            s.execute("SELECT now() AT TIME ZONE '" + defaultTimeZone.getId() + "'");
            s.execute("ALTER TABLE cameras ALTER COLUMN time_zone SET DEFAULT '" + defaultTimeZone.getId() + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(
                    "the default time zone '" + defaultTimeZone.getId() + "' could not be set: " + e.getMessage(), e);
        }
        return new Outcome(
                result.migrationsExecuted,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
    }

    /** Flyway as the migrations need it: their location, and the placeholders they read. For tests that stop early. */
    public static org.flywaydb.core.api.configuration.FluentConfiguration configure(
            DataSource dataSource, java.time.ZoneId defaultTimeZone) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .placeholders(java.util.Map.of("defaultTimeZone", defaultTimeZone.getId()));
    }

    private static final java.util.regex.Pattern ROLE_NAME = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The tables of keys and secrets: only the key keeper (the authorizer and the operators' function) has them. */
    public static final java.util.List<String> KEY_TABLES = java.util.List.of("camera_keys", "viewer_keys");

    /**
     * Makes sure the persistence function's database user exists and may store frames (and nothing more):
     * {@code SELECT, INSERT} on the traffic's tables, the sequences it needs, {@code UPDATE} of the hourly counts and
     * of a camera's {@code last_image_at}. It has no right at all on the key tables ({@link #KEY_TABLES}) or the
     * erasures' audit: the function decodes untrusted images, and a compromised decoder must not be able to mint or
     * read a key (a grant made by an earlier version is revoked). On Aurora the user is also given {@code rds_iam}, so
     * that it logs in with IAM tokens (through RDS Proxy). Idempotent; run after every migration.
     */
    public static void ensureAppUser(DataSource dataSource, String user) {
        ensureUser(
                dataSource,
                user,
                "the application user",
                "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO " + user,
                "REVOKE ALL ON " + String.join(", ", KEY_TABLES) + ", erasures FROM " + user,
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + user,
                // the persistence function adds each frame to its hour (INSERT .. ON CONFLICT DO UPDATE needs UPDATE)
                "GRANT UPDATE (" + String.join(", ", ROLLUP_COLUMNS) + ") ON hourly_counts TO " + user,
                // with IMAGE_EVERY_SECONDS, it claims a camera's window of images (V11), and changes nothing else of it
                "GRANT UPDATE (last_image_at) ON cameras TO " + user);
    }

    /** The rollup's columns the persistence function adds each frame to (V4, V8). */
    static final java.util.List<String> ROLLUP_COLUMNS = rollupColumns();

    private static java.util.List<String> rollupColumns() {
        java.util.List<String> columns = new java.util.ArrayList<>(
                java.util.List.of("frames", "distorted_frames", "first_captured_at", "last_captured_at"));
        for (dev.trafficcam.model.TrafficClass c : dev.trafficcam.model.TrafficClass.values()) {
            columns.add(HourlyCountsColumns.detections(c).getName());
            columns.add(HourlyCountsColumns.peak(c).getName());
        }
        return java.util.List.copyOf(columns);
    }

    /**
     * Makes sure the key keeper's database user exists (the camera authorizer and the operators' function sign in as
     * it) and may do with keys what they do, and no more: read the cameras and the keys, add a camera and a key, and
     * {@code UPDATE} the two columns of a key that change (revoked, last seen; V3__camera_keys.sql, V4__...). It cannot
     * read or write frames or counts. With {@code rds_iam} on Aurora. Idempotent.
     */
    public static void ensureKeyKeeper(DataSource dataSource, String user) {
        ensureUser(
                dataSource,
                user,
                "the key keeper",
                "GRANT SELECT, INSERT ON cameras, " + String.join(", ", KEY_TABLES) + " TO " + user,
                "GRANT UPDATE (revoked_at, last_seen_at) ON camera_keys TO " + user,
                // a camera's time zone, set when an operator adds it (V9)
                "GRANT UPDATE (time_zone, counting_zones) ON cameras TO " + user,
                "GRANT UPDATE (revoked_at, last_seen_at) ON viewer_keys TO " + user,
                "GRANT USAGE, SELECT ON SEQUENCE cameras_id_seq TO " + user);
    }

    /** What the read side may see: the traffic, never the keys of cameras or viewers. */
    public static final java.util.List<String> READABLE = java.util.List.of(
            "cameras",
            "frames",
            "detections",
            "frame_counts",
            "hourly_counts",
            "camera_hourly_counts",
            "camera_daily_counts");

    /**
     * Makes sure the read side's database user exists and may only read the traffic ({@link #READABLE}): {@code SELECT}
     * on those tables and views, no other privilege, and every transaction read-only by default. With {@code rds_iam}
     * on Aurora, as the application user. Idempotent; run after every migration.
     */
    public static void ensureReader(DataSource dataSource, String user) {
        ensureUser(
                dataSource,
                user,
                "the reader",
                "ALTER ROLE " + user + " SET default_transaction_read_only = on",
                "GRANT SELECT ON " + String.join(", ", READABLE) + " TO " + user);
    }

    /**
     * Makes sure the erasure's database user exists and may do what an erasure does, and no more: read the cameras and
     * frames, mark a frame's images erased ({@code UPDATE (images_erased_at)}), delete detections, and record each run
     * in {@code erasures}. It cannot write frames, counts or keys. With {@code rds_iam} on Aurora. Idempotent.
     */
    public static void ensureEraser(DataSource dataSource, String user) {
        ensureUser(
                dataSource,
                user,
                "the eraser",
                "GRANT SELECT ON cameras, frames, detections, erasures TO " + user,
                "GRANT UPDATE (images_erased_at) ON frames TO " + user,
                "GRANT DELETE ON detections TO " + user,
                "GRANT INSERT ON erasures TO " + user,
                "GRANT USAGE ON SEQUENCE erasures_id_seq TO " + user);
    }

    /** A function's own login role, made if missing, given exactly these grants. */
    private static void ensureUser(DataSource dataSource, String user, String who, String... grants) {
        if (!ROLE_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException(who + " must be a plain lower-case name, got '" + user + "'");
        }
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.Statement s = c.createStatement()) {
            ensureLoginRole(s, user);
            for (String grant : grants) {
                s.execute(grant);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot set up " + who + " " + user + ": " + e.getMessage(), e);
        }
    }

    /** A login role (made if missing) with {@code rds_iam} where Aurora has it, and the schema's usage. */
    private static void ensureLoginRole(java.sql.Statement s, String user) throws java.sql.SQLException {
        s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "') THEN CREATE ROLE "
                + user + " LOGIN; END IF; END $$");
        s.execute("DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN GRANT rds_iam TO " + user
                + "; END IF; END $$");
        s.execute("GRANT USAGE ON SCHEMA public TO " + user);
    }

    /**
     * Migrates the database the environment names ({@code DB_URL}, {@code DB_USER}, ...; see {@link DatabaseSettings}).
     */
    public static void main(String[] args) {
        try {
            DatabaseSettings settings = DatabaseSettings.fromEnvironment(System.getenv());
            Outcome outcome = migrate(new DatabaseConnections(settings));
            System.out.println("migrated " + settings.jdbcUrl() + ": " + outcome.applied()
                    + " migration(s) applied, schema version " + outcome.schemaVersion());
        } catch (RuntimeException e) {
            System.err.println("migration failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
