package dev.trafficcam.loadtests;

import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.db.testing.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A day's counts at scale, before and after the hourly rollup (V4): generated frames in a migrated PostgreSQL 17, then
 * the same question asked both ways, warm, several times each.
 *
 * <ul>
 *   <li><b>before</b>: the BI view as V1 defined it, a GROUP BY over {@code frames} and {@code frame_counts}, filtered
 *       on one camera and one day (PostgreSQL pushes the camera down into the scan, not the hour);
 *   <li><b>after</b>: the rollup rows of that camera and day, the query the read API runs, and the BI view now.
 * </ul>
 *
 * Both for one camera's day (the dashboard) and for every camera's day (the export). The frames are spread evenly:
 * {@code CAMERAS} cameras, one frame every {@code SECONDS} seconds each, as many as asked.
 *
 * <pre>java -cp loadtests/target/benchmarks.jar dev.trafficcam.loadtests.RollupScale [FRAMES] [CAMERAS] [RUNS]</pre>
 */
public final class RollupScale {
    static final int SECONDS = 5;
    static final LocalDateTime START = LocalDateTime.of(2026, 1, 1, 0, 0);

    /** The BI view as V1 had it: what every read of counts scanned before the rollup. */
    static final String SCAN_VIEW = """
            CREATE OR REPLACE VIEW camera_hourly_counts_scan AS
            SELECT c.id AS camera_id, c.address, c.city, c.country, date_trunc('hour', f.captured_at) AS hour,
                   count(*) AS frames, count(*) FILTER (WHERE f.status = 'DISTORTED') AS distorted_frames,
                   coalesce(sum(fc.car), 0) AS cars, coalesce(sum(fc.truck), 0) AS trucks, coalesce(sum(fc.bus), 0) AS buses,
                   coalesce(sum(fc.person), 0) AS persons, coalesce(sum(fc.bicycle), 0) AS bicycles,
                   coalesce(sum(fc.motorcycle), 0) AS motorcycles
            FROM frames f JOIN cameras c ON c.id = f.camera_id LEFT JOIN frame_counts fc ON fc.frame_id = f.id
            GROUP BY c.id, c.address, c.city, c.country, date_trunc('hour', f.captured_at)""";

    static final String ONE_CAMERA_BEFORE = "select hour, frames, cars, persons from camera_hourly_counts_scan"
            + " where camera_id = ? and hour >= ? and hour < ? order by hour";
    static final String ONE_CAMERA_AFTER = "select hour, frames, car_detections, person_detections from hourly_counts"
            + " where camera_id = ? and hour >= ? and hour < ? order by hour";
    static final String ALL_CAMERAS_BEFORE =
            "select camera_id, hour, frames, cars, persons from camera_hourly_counts_scan"
                    + " where hour >= ? and hour < ? order by camera_id, hour";
    static final String ALL_CAMERAS_AFTER =
            "select camera_id, hour, frames, car_detections, person_detections from hourly_counts"
                    + " where hour >= ? and hour < ? order by camera_id, hour";

    private RollupScale() {}

    public static void main(String[] args) throws Exception {
        long frames = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        int cameras = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        DatabaseSettings database = EmbeddedDatabase.freshDatabase();
        try (Connection c = new DatabaseConnections(database).open()) {
            long t = System.nanoTime();
            generate(c, frames, cameras);
            System.out.printf(
                    "generated %,d frames of %d cameras (%,d per camera, one every %d s: %.1f days) in %.0f s; database %s%n",
                    frames,
                    cameras,
                    frames / cameras,
                    SECONDS,
                    frames / cameras * SECONDS / 86400.0,
                    (System.nanoTime() - t) / 1e9,
                    scalar(c, "select pg_size_pretty(pg_database_size(current_database()))"));
            LocalDateTime day = START.plusDays(frames / cameras * SECONDS / 86400 / 2);
            System.out.println(
                    "the day asked for: " + day.toLocalDate() + "; " + runs + " warm runs each, after one to warm up");
            for (String[] question : List.of(
                    new String[] {"one camera, one day (dashboard)", ONE_CAMERA_BEFORE, ONE_CAMERA_AFTER},
                    new String[] {"every camera, one day (export)", ALL_CAMERAS_BEFORE, ALL_CAMERAS_AFTER})) {
                boolean oneCamera = question[1].contains("camera_id = ?");
                Result before = measure(c, question[1], oneCamera, day, runs);
                Result after = measure(c, question[2], oneCamera, day, runs);
                if (!before.rows().equals(after.rows())) {
                    throw new IllegalStateException("the rollup disagrees with the scan for " + question[0]);
                }
                System.out.printf(
                        "%-34s before: median %9.1f ms (min %9.1f, %,9d buffers)   after: median %6.2f ms (min %6.2f, %,5d buffers)"
                                + "   %,.0fx   rows %d%n",
                        question[0],
                        before.median(),
                        before.min(),
                        before.buffers(),
                        after.median(),
                        after.min(),
                        after.buffers(),
                        before.median() / after.median(),
                        after.rows().size());
            }
            System.out.printf(
                    "V8 occupancy backfill of %,d rollup rows from %,d frames: %.1f s%n",
                    Long.parseLong(scalar(c, "select count(*) from hourly_counts")), frames, backfillOccupancy(c));
        }
    }

    /**
     * V8's backfill, the only step of that migration whose time grows with the data (its {@code ALTER}s change the
     * catalogue only, and its views are definitions): the rollup's occupancy columns are emptied, then filled again by
     * the migration's own {@code UPDATE}, read from the migration file.
     *
     * @return the seconds the {@code UPDATE} took
     */
    static double backfillOccupancy(Connection c) throws SQLException, java.io.IOException {
        String migration;
        try (var in = RollupScale.class.getResourceAsStream("/db/migration/V8__occupancy.sql")) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        int start = migration.indexOf("UPDATE hourly_counts h");
        String update = migration.substring(start, migration.indexOf(';', start));
        try (Statement s = c.createStatement()) {
            s.execute("update hourly_counts set car_peak = 0, truck_peak = 0, bus_peak = 0, person_peak = 0,"
                    + " bicycle_peak = 0, motorcycle_peak = 0, first_captured_at = null, last_captured_at = null");
            s.execute("vacuum analyze hourly_counts");
            long t = System.nanoTime();
            s.execute(update);
            return (System.nanoTime() - t) / 1e9;
        }
    }

    /** Cameras, their frames (one in 50 distorted) and counts, and the rollup as the persistence function keeps it. */
    static void generate(Connection c, long frames, int cameras) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SCAN_VIEW);
            s.execute(
                    "insert into cameras (address, city, country) select 'street ' || i, 'Leuven', 'Belgium' from generate_series(1, "
                            + cameras + ") i");
            // loading is faster without the indexes; they are built after, as a long-lived table has them
            for (String index : List.of(
                    "frames_camera_captured_idx",
                    "frames_captured_idx",
                    "frames_received_idx",
                    "frames_camera_received_idx")) {
                s.execute("drop index " + index);
            }
            s.execute("alter table frame_counts drop constraint frame_counts_frame_id_fkey");
            long perCamera = frames / cameras;
            s.execute("""
                    insert into frames (id, camera_id, file_name, captured_at, received_at, status, distortion_reason, content_type,
                                        size_bytes, sha256, width, height, original_key, annotated_key, model_endpoint, model_latency_ms)
                    select md5(g::text)::uuid, c.id, 'street_Leuven_Belgium_' || g || '.jpg',
                           timestamp '%s' + ((g - 1) / %d) * interval '%d seconds',
                           timestamptz '%s+00' + ((g - 1) / %d) * interval '%d seconds' + interval '300 ms',
                           case when g %% 50 = 0 then 'DISTORTED' else 'DETECTED' end,
                           case when g %% 50 = 0 then 'blank' end, 'image/jpeg', 61000 + g %% 9000,
                           md5(g::text) || md5((g + 1)::text), 768, 576, 'frames/' || md5(g::text)::uuid || '.jpg',
                           case when g %% 50 = 0 then null else 'annotated/' || md5(g::text)::uuid || '.jpg' end,
                           case when g %% 50 = 0 then null else 'traffic-detector' end,
                           case when g %% 50 = 0 then null else 40 + g %% 30 end
                    from generate_series(1, %d) g join cameras c on c.id = 1 + (g - 1) %% %d""".formatted(START, cameras, SECONDS, START, cameras, SECONDS, perCamera * cameras, cameras));
            s.execute("""
                    insert into frame_counts (frame_id, car, truck, bus, person, bicycle, motorcycle)
                    select id, case when status = 'DISTORTED' then 0 else abs(hashtext(id::text)) %% 6 end,
                           case when status = 'DISTORTED' then 0 else abs(hashtext(id::text)) %% 2 end, 0,
                           case when status = 'DISTORTED' then 0 else abs(hashtext(file_name)) %% 9 end,
                           case when status = 'DISTORTED' then 0 else abs(hashtext(file_name)) %% 3 end, 0
                    from frames""".formatted());
            s.execute(
                    "alter table frame_counts add constraint frame_counts_frame_id_fkey foreign key (frame_id) references frames (id)"
                            + " on delete cascade");
            s.execute("create index frames_camera_captured_idx on frames (camera_id, captured_at)");
            s.execute("create index frames_captured_idx on frames (captured_at)");
            s.execute("create index frames_received_idx on frames (received_at)");
            s.execute("create index frames_camera_received_idx on frames (camera_id, received_at)");
            // the rollup: exactly V4's carry-over, which is also the sum of what the
            // persistence function adds frame by frame
            s.execute("""
                    insert into hourly_counts (camera_id, hour, frames, distorted_frames, car_detections, truck_detections,
                                               bus_detections, person_detections, bicycle_detections, motorcycle_detections)
                    select f.camera_id, date_trunc('hour', f.captured_at), count(*), count(*) filter (where f.status = 'DISTORTED'),
                           coalesce(sum(fc.car), 0), coalesce(sum(fc.truck), 0), coalesce(sum(fc.bus), 0), coalesce(sum(fc.person), 0),
                           coalesce(sum(fc.bicycle), 0), coalesce(sum(fc.motorcycle), 0)
                    from frames f left join frame_counts fc on fc.frame_id = f.id
                    group by f.camera_id, date_trunc('hour', f.captured_at)""");
            s.execute("vacuum analyze");
        }
    }

    record Result(double median, double min, long buffers, List<String> rows) {}

    static Result measure(Connection c, String sql, boolean oneCamera, LocalDateTime day, int runs)
            throws SQLException {
        List<Double> times = new ArrayList<>();
        List<String> rows = List.of();
        for (int i = 0; i <= runs; i++) {
            long t = System.nanoTime();
            rows = query(c, sql, oneCamera, day);
            if (i > 0) {
                times.add((System.nanoTime() - t) / 1e6);
            }
        }
        long buffers = 0;
        try (PreparedStatement p = c.prepareStatement("explain (analyze, buffers, format json) " + sql)) {
            bind(p, oneCamera, day);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                var plan = dev.trafficcam.model.Json.mapper()
                        .readTree(r.getString(1))
                        .get(0)
                        .path("Plan");
                buffers = plan.path("Shared Hit Blocks").asLong()
                        + plan.path("Shared Read Blocks").asLong();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        times.sort(Double::compare);
        return new Result(times.get(times.size() / 2), times.getFirst(), buffers, rows);
    }

    static List<String> query(Connection c, String sql, boolean oneCamera, LocalDateTime day) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, oneCamera, day);
            try (ResultSet r = p.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(r.getString(i)).append('|');
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    private static void bind(PreparedStatement p, boolean oneCamera, LocalDateTime day) throws SQLException {
        int i = 1;
        if (oneCamera) {
            p.setLong(i++, 1);
        }
        p.setObject(i++, day);
        p.setObject(i, day.plusDays(1));
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
