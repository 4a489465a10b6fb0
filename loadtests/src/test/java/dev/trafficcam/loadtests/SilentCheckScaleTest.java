package dev.trafficcam.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The silent-camera check's query on the scale harness's data, at a size CI affords: it names each camera once its
 * silence starts, and probes the index per camera instead of scanning the frames (the timings at 100,000 cameras are in
 * docs/PERFORMANCE.md; run {@link SilentCheckScale} for them).
 */
class SilentCheckScaleTest {

    @Test
    void theCheckNamesEveryCameraThatWentSilentByProbingTheIndexNotScanningFrames() throws Exception {
        DatabaseSettings database = EmbeddedDatabase.freshDatabase();
        Instant lastArrival;
        try (Connection c = new DatabaseConnections(database).open()) {
            RollupScale.generate(c, 40_000, 200);
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select max(received_at) from frames")) {
                r.next();
                lastArrival = r.getTimestamp(1).toInstant();
            }
        }
        SilentCameras check = new SilentCameras(new DatabaseSession(new DatabaseConnections(database)));
        Duration fifteen = Duration.ofMinutes(15);
        Duration window = Duration.ofMinutes(6);

        assertThat(check.wentSilent(lastArrival.plus(Duration.ofMinutes(10)), fifteen, window))
                .isEmpty();
        assertThat(check.wentSilent(lastArrival.plus(Duration.ofMinutes(17)), fifteen, window))
                .hasSize(200);
        assertThat(check.wentSilent(lastArrival.plus(Duration.ofHours(2)), fifteen, window))
                .isEmpty();

        String sql = DSL.using(SQLDialect.POSTGRES)
                .renderInlined(SilentCameras.query(
                        DSL.using(SQLDialect.POSTGRES), lastArrival.plus(Duration.ofMinutes(17)), fifteen, window));
        try (Connection c = new DatabaseConnections(database).open();
                Statement s = c.createStatement()) {
            s.execute("vacuum analyze frames");
            StringBuilder plan = new StringBuilder();
            try (ResultSet r = s.executeQuery("explain " + sql)) {
                while (r.next()) {
                    plan.append(r.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("frames_camera_received_idx").doesNotContain("Seq Scan on frames");
        }
    }
}
