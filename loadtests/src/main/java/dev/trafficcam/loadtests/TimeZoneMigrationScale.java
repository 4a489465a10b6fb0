package dev.trafficcam.loadtests;

import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.Migrations;
import dev.trafficcam.db.testing.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneId;

/**
 * The time-zone migration (V9) at scale: a database at V8 with {@code FRAMES} generated frames of {@code CAMERAS}
 * cameras ({@link RollupScale#generate}), then V9 run as a deployment in Brussels runs it: the rewrite of
 * {@code frames.captured_at} as instants (and its two indexes) and the rollup built again from the frames.
 *
 * <pre>java -cp loadtests/target/benchmarks.jar dev.trafficcam.loadtests.TimeZoneMigrationScale [FRAMES] [CAMERAS]
 * </pre>
 */
public final class TimeZoneMigrationScale {
    private TimeZoneMigrationScale() {}

    public static void main(String[] args) throws Exception {
        long frames = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        int cameras = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        DatabaseConnections database = atV8(frames, cameras);
        double seconds = migrate(database, ZoneId.of("Europe/Brussels"));
        try (Connection c = database.open();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from hourly_counts")) {
            r.next();
            System.out.printf(
                    "V9 (capture times as instants, the rollup built again) on %,d frames of %d cameras: %.1f s;"
                            + " %,d rollup rows%n",
                    frames, cameras, seconds, r.getLong(1));
        }
    }

    /** A database migrated to V8 (wall-clock capture times), with generated frames and their rollup. */
    static DatabaseConnections atV8(long frames, int cameras) throws Exception {
        DatabaseConnections database = new DatabaseConnections(EmbeddedDatabase.newEmptyDatabase());
        Migrations.configure(database, ZoneId.of("UTC")).target("8").load().migrate();
        try (Connection c = database.open()) {
            long t = System.nanoTime();
            RollupScale.generate(c, frames, cameras);
            // the harness's own view on frames: V9 changes captured_at's type, which a view on it would block
            try (Statement s = c.createStatement()) {
                s.execute("drop view camera_hourly_counts_scan");
            }
            System.out.printf("generated %,d frames at V8 in %.0f s%n", frames, (System.nanoTime() - t) / 1e9);
        }
        return database;
    }

    /** Runs the migrations from V8 on, as a deployment in {@code zone} would; the seconds they took. */
    static double migrate(DatabaseConnections database, ZoneId zone) {
        long t = System.nanoTime();
        Migrations.migrate(database, zone);
        return (System.nanoTime() - t) / 1e9;
    }
}
