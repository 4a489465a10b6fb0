package dev.trafficcam.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the schema migrations in {@code db/migration} (Flyway). Three front doors: this class
 * from code (tests, the local stack), {@link #main} from a shell, and {@link MigrationHandler} as a
 * Lambda function that the deployment runs before the persistence function takes traffic.
 */
public final class Migrations {
    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** What a run did. */
    public record Outcome(int applied, String schemaVersion) {
    }

    public static Outcome migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        return new Outcome(result.migrationsExecuted, result.targetSchemaVersion != null
                ? result.targetSchemaVersion : result.initialSchemaVersion);
    }

    /** Migrates the database the environment names ({@code DB_URL}, {@code DB_USER}, ...; see {@link DatabaseSettings}). */
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
