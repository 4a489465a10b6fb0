package dev.trafficcam.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.testing.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/**
 * The scale harness at a size CI affords: the rollup answers what the scan answered, and the read side's query plan
 * does not touch {@code frames}. The timings at 10 million frames are in docs/PERFORMANCE.md (run {@link RollupScale}
 * for them); none is asserted here.
 */
class RollupScaleTest {

    @Test
    void theRollupAnswersADaysCountsAsTheScanDidWithoutReadingFrames() throws Exception {
        try (Connection c = new DatabaseConnections(EmbeddedDatabase.freshDatabase()).open()) {
            RollupScale.generate(c, 80_000, 4); // 20,000 frames per camera, one every 5 s: 27.8 hours
            LocalDateTime day = RollupScale.START;

            var oneBefore = RollupScale.query(c, RollupScale.ONE_CAMERA_BEFORE, true, day);
            var oneAfter = RollupScale.query(c, RollupScale.ONE_CAMERA_AFTER, true, day);
            assertThat(oneAfter).hasSize(24).isEqualTo(oneBefore);
            assertThat(RollupScale.query(c, RollupScale.ALL_CAMERAS_AFTER, false, day))
                    .hasSize(4 * 24)
                    .isEqualTo(RollupScale.query(c, RollupScale.ALL_CAMERAS_BEFORE, false, day));
            // 720 frames an hour per camera at one every 5 s
            assertThat(oneAfter.getFirst()).startsWith("2026-01-01 00:00:00+00|720|");

            try (Statement s = c.createStatement();
                    ResultSet plan = s.executeQuery("explain "
                            + RollupScale.ONE_CAMERA_AFTER
                                    .replaceFirst("\\?", "1")
                                    .replaceFirst("\\?", "'" + day + "'")
                                    .replaceFirst("\\?", "'" + day.plusDays(1) + "'"))) {
                StringBuilder text = new StringBuilder();
                while (plan.next()) {
                    text.append(plan.getString(1)).append('\n');
                }
                assertThat(text.toString()).contains(" on hourly_counts").doesNotContain(" on frames");
            }
        }
    }

    @Test
    void theOccupancyBackfillGivesThePeaksAndCaptureTimesOfAScan() throws Exception {
        try (Connection c = new DatabaseConnections(EmbeddedDatabase.freshDatabase()).open()) {
            RollupScale.generate(c, 8_000, 2);
            String scan = "select f.camera_id, date_trunc('hour', f.captured_at), max(fc.car), max(fc.person),"
                    + " min(f.captured_at), max(f.captured_at) from frames f join frame_counts fc on fc.frame_id = f.id"
                    + " group by 1, 2 order by 1, 2";
            String rollup = "select camera_id, hour, car_peak, person_peak, first_captured_at, last_captured_at"
                    + " from hourly_counts order by 1, 2";

            assertThat(RollupScale.backfillOccupancy(c)).isPositive();

            var rows = rows(c, rollup);
            assertThat(rows).hasSize(12).isEqualTo(rows(c, scan));
            assertThat(rows.getFirst())
                    .startsWith("1|2026-01-01 00:00:00+00|5|8|2026-01-01 00:00:00+00|2026-01-01 00:59:55+00|");
        }
    }

    /**
     * V9 on frames stored at V8, in a deployment in Brussels: every frame is still in the rollup, in the camera-local
     * hour it was captured in (RollupScale's frames start at midnight in Brussels, 23:00 UTC in winter).
     */
    @Test
    void theTimeZoneMigrationKeepsEveryFrameInItsLocalHour() throws Exception {
        var database = TimeZoneMigrationScale.atV8(8_000, 2);
        assertThat(TimeZoneMigrationScale.migrate(database, java.time.ZoneId.of("Europe/Brussels")))
                .isPositive();
        try (Connection c = database.open()) {
            assertThat(rows(c, "select sum(frames), count(*) from hourly_counts"))
                    .as("8,000 frames, 2 cameras of 4,000 frames at one every 5 s: 5.6 hours each")
                    .containsExactly("8000|12|");
            assertThat(rows(
                            c,
                            "select hour at time zone 'UTC', frames, first_captured_at at time zone 'UTC' from hourly_counts"
                                    + " where camera_id = 1 order by hour limit 1"))
                    .containsExactly("2025-12-31 23:00:00|720|2025-12-31 23:00:00|");
            assertThat(rows(
                            c,
                            "select local_hour_start from camera_hourly_counts where camera_id = 1 order by hour"
                                    + " limit 1"))
                    .containsExactly("2026-01-01T00:00+01:00|");
        }
    }

    private static java.util.List<String> rows(Connection c, String sql) throws Exception {
        java.util.List<String> rows = new java.util.ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.append(r.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
