package dev.trafficcam.loadtests;

import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.db.testing.EmbeddedDatabase;
import dev.trafficcam.read.SilentCameras;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The silent-camera check at a city's scale: its own query ({@link SilentCameras}) over {@code CAMERAS} cameras that
 * each sent {@code FRAMES} frames, in a migrated PostgreSQL 17, warm, several times. Asked twice: as of a time when
 * every camera went silent in the window (the worst case: a region's network down, every camera named), and as of a
 * time when none did (every other check of the day).
 *
 * <pre>java -cp loadtests/target/benchmarks.jar dev.trafficcam.loadtests.SilentCheckScale [CAMERAS] [FRAMES] [RUNS]
 * </pre>
 */
public final class SilentCheckScale {
    private SilentCheckScale() {}

    public static void main(String[] args) throws Exception {
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int framesEach = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        DatabaseSettings database = EmbeddedDatabase.freshDatabase();
        Instant lastArrival;
        try (Connection c = new DatabaseConnections(database).open()) {
            long t = System.nanoTime();
            RollupScale.generate(c, (long) cameras * framesEach, cameras);
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select max(received_at) from frames")) {
                r.next();
                lastArrival = r.getTimestamp(1).toInstant();
            }
            System.out.printf(
                    "generated %,d cameras with %d frames each in %.0f s%n",
                    cameras, framesEach, (System.nanoTime() - t) / 1e9);
        }
        SilentCameras check = new SilentCameras(new DatabaseSession(new DatabaseConnections(database)));
        Duration silentAfter = Duration.ofMinutes(15);
        Duration window = Duration.ofMinutes(6);
        for (Object[] question : List.of(
                new Object[] {"every camera named (a region gone dark)", lastArrival.plus(Duration.ofMinutes(17))},
                new Object[] {"none named (a usual check)", lastArrival.plus(Duration.ofHours(2))})) {
            Instant at = (Instant) question[1];
            int named = check.wentSilent(at, silentAfter, window).size(); // warm-up
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                check.wentSilent(at, silentAfter, window);
                millis.add((System.nanoTime() - t) / 1e6);
            }
            Collections.sort(millis);
            System.out.printf(
                    "%s: %,d named; median %.0f ms, min %.0f ms, max %.0f ms over %d warm runs%n",
                    question[0], named, millis.get(millis.size() / 2), millis.getFirst(), millis.getLast(), runs);
        }
    }
}
