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
            assertThat(oneAfter.getFirst()).startsWith("2026-01-01 00:00:00|720|");

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
}
