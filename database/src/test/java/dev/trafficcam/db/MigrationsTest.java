package dev.trafficcam.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficcam.db.testing.EmbeddedDatabase;
import java.sql.Connection;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void aFreshDatabaseMigratesAndASecondRunDoesNothing() throws Exception {
        DatabaseSettings settings = EmbeddedDatabase.newEmptyDatabase();
        DatabaseConnections connections = new DatabaseConnections(settings);

        Migrations.Outcome first = Migrations.migrate(connections);
        Migrations.Outcome second = Migrations.migrate(connections);

        assertThat(first.applied()).isGreaterThanOrEqualTo(1);
        assertThat(second.applied()).isZero();
        assertThat(second.schemaVersion()).isEqualTo(first.schemaVersion());
        try (Connection c = connections.open()) {
            List<String> tables = DSL.using(c, SQLDialect.POSTGRES)
                    .fetch("select table_name from information_schema.tables where table_schema = 'public' order by 1")
                    .getValues(0, String.class);
            assertThat(tables)
                    .contains(
                            "cameras",
                            "frames",
                            "detections",
                            "frame_counts",
                            "camera_hourly_counts",
                            "camera_daily_counts",
                            "flyway_schema_history");
        }
    }

    @Test
    void theMigrationLambdaReportsWhatItDid() {
        DatabaseSettings settings = EmbeddedDatabase.newEmptyDatabase();
        var answer = new MigrationHandler(new DatabaseConnections(settings), null, null)
                .handleRequest(java.util.Map.of(), null);
        assertThat(answer).containsEntry("schemaVersion", "11");
        assertThat((Integer) answer.get("migrationsApplied")).isEqualTo(11);
    }

    @Test
    void theSchemaRejectsRowsThatBreakItsRules() throws Exception {
        DatabaseSettings settings = EmbeddedDatabase.freshDatabase();
        try (Connection c = new DatabaseConnections(settings).open()) {
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            long camera = db.fetchOne("insert into cameras (address, city, country) values ('a','b','c') returning id")
                    .get(0, Long.class);
            String good =
                    "insert into frames (id, camera_id, file_name, captured_at, received_at, status, content_type,"
                            + " size_bytes, sha256, original_key, annotated_key, model_endpoint, model_latency_ms)"
                            + " values (gen_random_uuid(), " + camera
                            + ", 'f.jpg', now(), now(), '%s', 'image/jpeg', 1,"
                            + " '%s', 'frames/x.jpg', %s, 'detr', 5)";
            db.execute(good.formatted("DETECTED", "a".repeat(64), "'annotated/x.jpg'"));
            assertThatThrownBy(() -> db.execute(good.formatted("LOST", "a".repeat(64), "'annotated/x.jpg'")))
                    .hasMessageContaining("frames_status_check");
            assertThatThrownBy(() -> db.execute(good.formatted("DETECTED", "not-a-hash", "'annotated/x.jpg'")))
                    .hasMessageContaining("frames_sha256_check");
            assertThatThrownBy(() -> db.execute(good.formatted("DETECTED", "a".repeat(64), "null")))
                    .hasMessageContaining("frames_detected_check");
            assertThatThrownBy(() -> db.execute(good.formatted("DISTORTED", "a".repeat(64), "null")))
                    .as("a distorted frame needs its reason")
                    .hasMessageContaining("frames_distortion_check");
            assertThatThrownBy(() -> db.execute("insert into cameras (address, city, country) values ('a','b','c')"))
                    .hasMessageContaining("cameras_place_key");

            // an image not stored says why; a stored one is the blurred kind or the camera's own
            String images = "insert into frames (id, camera_id, file_name, captured_at, received_at, status,"
                    + " content_type, size_bytes, sha256, original_key, annotated_key, model_endpoint,"
                    + " model_latency_ms, image_privacy, images_withheld) values (gen_random_uuid(), " + camera
                    + ", 'f.jpg', now(), now(), 'DETECTED', 'image/jpeg', 1, '" + "a".repeat(64)
                    + "', %s, %s, 'detr', 5, '%s', %s)";
            db.execute(images.formatted("null", "'annotated/x.jpg'", "people-blurred", "'originals-not-kept'"));
            db.execute(images.formatted("null", "null", "as-sent", "'cannot-blur: broken'"));
            assertThatThrownBy(
                            () -> db.execute(images.formatted("null", "'annotated/x.jpg'", "people-blurred", "null")))
                    .hasMessageContaining("frames_original_check");
            assertThatThrownBy(() -> db.execute(images.formatted("'frames/x.jpg'", "null", "as-sent", "null")))
                    .hasMessageContaining("frames_detected_check");
            assertThatThrownBy(() -> db.execute(images.formatted("'frames/x.jpg'", "'a/x.jpg'", "pixelated", "null")))
                    .hasMessageContaining("frames_image_privacy_check");
        }
    }

    /**
     * The frames stored before the rollup (schema 3) are rolled up by its migration (V4), and the BI views, which then
     * read the rollup, give what they gave when they scanned the frames; the occupancy migration (V8) fills the peaks
     * and capture times from the same frames, and the views give means in view.
     */
    @Test
    void theRollupMigrationsCarryOverStoredFramesAndTheViewsAggregatePerCameraHourAndDay() throws Exception {
        DatabaseSettings settings = EmbeddedDatabase.newEmptyDatabase();
        DatabaseConnections connections = new DatabaseConnections(settings);
        migrateTo(connections, "3");
        try (Connection c = connections.open()) {
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            long leuven = db.fetchOne(
                            "insert into cameras (address, city, country) values ('tiensevest','Leuven','Belgium') returning id")
                    .get(0, Long.class);
            long gent = db.fetchOne(
                            "insert into cameras (address, city, country) values ('Korenmarkt','Gent','Belgium') returning id")
                    .get(0, Long.class);
            frame(db, leuven, "2022-10-12 10:05:00", "DETECTED", 2, 0, 5);
            frame(db, leuven, "2022-10-12 10:55:00", "DETECTED", 1, 1, 0);
            frame(db, leuven, "2022-10-12 10:59:59", "DISTORTED", 0, 0, 0);
            frame(db, leuven, "2022-10-12 11:00:00", "DETECTED", 4, 0, 1);
            frame(db, gent, "2022-10-12 10:30:00", "DETECTED", 7, 2, 3);
            frame(db, leuven, "2022-10-13 08:00:00", "DETECTED", 1, 0, 0);
            // the views as they were, scanning frames: what the rollup must reproduce
            List<Record> scanned = db.fetch("select * from camera_hourly_counts order by camera_id, hour");

            migrateTo(connections, "7");
            assertThat(db.fetch("select * from camera_hourly_counts order by camera_id, hour")
                            .intoMaps())
                    .isEqualTo(scanned.stream().map(Record::intoMap).toList());
            assertThat(db.fetchCount(DSL.table("hourly_counts"))).isEqualTo(4);
            String tenOClock =
                    "from camera_hourly_counts where camera_id = " + leuven + " and hour = '2022-10-12 10:00'";
            assertThat(db.fetchOne("select frames, distorted_frames, cars, trucks, persons " + tenOClock)
                            .intoList())
                    .map(Object::toString)
                    .containsExactly("3", "1", "3", "1", "5");
            assertThat(db.fetchOne("select frames, cars, persons, city from camera_daily_counts where camera_id = "
                                    + leuven + " and day = '2022-10-12'")
                            .intoList())
                    .map(Object::toString)
                    .containsExactly("4", "7", "6", "Leuven");
            assertThat(db.fetchCount(DSL.table("camera_daily_counts"))).isEqualTo(3);

            // V8: occupancy from the same frames. The 10 o'clock hour of Leuven: 3 frames, one distorted, so the
            // means are over 2; 2 and 1 cars in view (peak 2), 5 and 0 persons.
            migrateTo(connections, "8");
            assertThat(db.fetchOne("select frames, distorted_frames, car_mean, car_peak, car_detections, truck_mean,"
                                    + " person_mean, person_peak " + tenOClock)
                            .intoList())
                    .map(Object::toString)
                    .containsExactly("3", "1", "1.500", "2", "3", "0.500", "2.500", "5");
            assertThat(db.fetchOne("select first_captured_at, last_captured_at from hourly_counts where camera_id = "
                                    + leuven + " and hour = '2022-10-12 10:00'")
                            .intoList())
                    .map(Object::toString)
                    .containsExactly("2022-10-12 10:05:00.0", "2022-10-12 10:59:59.0");
            assertThat(db.fetchCount(DSL.table("camera_hourly_counts"))).isEqualTo(4);
            // the day: 7 cars over 3 analysed frames, the most in one frame 4 (at 11:00)
            assertThat(db.fetchOne("select frames, car_mean, car_peak, car_detections, person_detections, city"
                                    + " from camera_daily_counts where camera_id = " + leuven
                                    + " and day = '2022-10-12'")
                            .intoList())
                    .map(Object::toString)
                    .containsExactly("4", "2.333", "4", "7", "6", "Leuven");
            assertThat(db.fetchCount(DSL.table("camera_daily_counts"))).isEqualTo(3);

            // V9, in a deployment whose cameras are in Brussels: the wall-clock times become instants (10:05 in
            // Brussels on 12 October 2022 is 08:05 UTC, summer time), the figures stay, and the views give the hour
            // as an instant, the camera's local hour and its zone (V10, the counting zones, and V11 run after it)
            assertThat(Migrations.migrate(connections, java.time.ZoneId.of("Europe/Brussels"))
                            .schemaVersion())
                    .isEqualTo("11");
            db.execute("set time zone 'UTC'");
            assertThat(db.fetchOne("select hour, local_hour, local_hour_start, time_zone, frames, car_mean, car_peak,"
                                    + " person_mean from camera_hourly_counts where camera_id = " + leuven
                                    + " and local_hour = '2022-10-12 10:00'")
                            .intoList())
                    .map(Object::toString)
                    .containsExactly(
                            "2022-10-12T08:00Z",
                            "2022-10-12 10:00:00.0",
                            "2022-10-12T10:00+02:00",
                            "Europe/Brussels",
                            "3",
                            "1.500",
                            "2",
                            "2.500");
            assertThat(db.fetchOne("select first_captured_at, last_captured_at from hourly_counts where camera_id = "
                                    + leuven + " and hour = '2022-10-12 08:00+00'")
                            .intoList())
                    .map(Object::toString)
                    .containsExactly("2022-10-12T08:05Z", "2022-10-12T08:59:59Z");
            assertThat(db.fetchOne("select frames, car_mean, car_peak from camera_daily_counts where camera_id = "
                                    + leuven + " and day = '2022-10-12'")
                            .intoList())
                    .map(Object::toString)
                    .containsExactly("4", "2.333", "4");
            assertThat(db.fetchCount(DSL.table("camera_hourly_counts"))).isEqualTo(4);
            // a camera added from now on takes the deployment's zone
            db.execute("insert into cameras (address, city, country) values ('Meir', 'Antwerpen', 'Belgium')");
            assertThat(db.fetchOne("select time_zone from cameras where address = 'Meir'")
                            .get(0, String.class))
                    .isEqualTo("Europe/Brussels");
        }
    }

    /**
     * The autumn hour that happened twice, stored before V9 as two passes of the same wall-clock hour: V9 reads each
     * frame as the instant nearer its arrival, so the one merged hour becomes the two hours it was.
     */
    @Test
    void theRepeatedAutumnHourStoredBeforeTimeZonesBecomesTwoHours() throws Exception {
        DatabaseSettings settings = EmbeddedDatabase.newEmptyDatabase();
        DatabaseConnections connections = new DatabaseConnections(settings);
        migrateTo(connections, "8");
        try (Connection c = connections.open()) {
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            long camera = db.fetchOne(
                            "insert into cameras (address, city, country) values ('Grote Markt','Brussel','Belgium') returning id")
                    .get(0, Long.class);
            // 02:30 on 30 October 2022 in Brussels: first at +02:00 (00:30 UTC), an hour later at +01:00 (01:30 UTC);
            // each arrived 5 s after it was captured. And 02:30 on 27 March 2022, which the clocks skipped.
            frame(db, camera, "2022-10-30 02:30:00", "DETECTED", 1, 0, 0, "2022-10-30 00:30:05+00");
            frame(db, camera, "2022-10-30 02:30:00", "DETECTED", 3, 0, 0, "2022-10-30 01:30:05+00");
            frame(db, camera, "2022-03-27 02:30:00", "DETECTED", 2, 0, 0, "2022-03-27 01:30:05+00");
            // the rollup of V4, as the persistence function kept it until now
            db.execute("insert into hourly_counts (camera_id, hour, frames, car_detections, car_peak)"
                    + " select camera_id, date_trunc('hour', captured_at), count(*), sum(fc.car), max(fc.car)"
                    + " from frames f join frame_counts fc on fc.frame_id = f.id group by 1, 2");
            assertThat(db.fetchCount(DSL.table("hourly_counts"))).as("merged").isEqualTo(2);

            Migrations.migrate(connections, java.time.ZoneId.of("Europe/Brussels"));
            db.execute("set time zone 'UTC'");
            assertThat(db.fetch("select captured_at::text from frames order by captured_at")
                            .getValues(0, String.class))
                    .containsExactly("2022-03-27 01:30:00+00", "2022-10-30 00:30:00+00", "2022-10-30 01:30:00+00");
            assertThat(db.fetch("select local_hour_start || ' ' || frames || ' ' || car_peak from camera_hourly_counts"
                                    + " order by hour")
                            .getValues(0, String.class))
                    .containsExactly(
                            "2022-03-27T03:00+02:00 1 2", "2022-10-30T02:00+02:00 1 1", "2022-10-30T02:00+01:00 1 3");
            assertThat(db.fetchOne("select frames, car_peak from camera_daily_counts where day = '2022-10-30'")
                            .intoList())
                    .map(Object::toString)
                    .containsExactly("2", "3");
        }
    }

    @Test
    void theApplicationUserMayReadAndInsertButNotDeleteAndGetsRdsIamWhereItExists() throws Exception {
        DatabaseSettings settings = EmbeddedDatabase.newEmptyDatabase();
        DatabaseConnections connections = new DatabaseConnections(settings);
        try (Connection c = connections.open()) {
            // Aurora's role for IAM logins; here a stand-in so the grant can be checked
            DSL.using(c, SQLDialect.POSTGRES)
                    .execute(
                            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN CREATE ROLE rds_iam; END IF; END $$");
        }
        MigrationHandler handler = new MigrationHandler(connections, "persistence", null);
        handler.handleRequest(java.util.Map.of(), null);
        try (Connection c = connections.open()) {
            // what an earlier version granted it: the next deploy takes it back
            DSL.using(c, SQLDialect.POSTGRES)
                    .execute("GRANT SELECT, INSERT ON camera_keys, viewer_keys TO persistence;"
                            + " GRANT UPDATE (revoked_at, last_seen_at) ON camera_keys TO persistence");
        }
        var again = handler.handleRequest(java.util.Map.of(), null);

        assertThat(again).containsEntry("appUser", "persistence").containsEntry("migrationsApplied", 0);
        try (Connection c = connections.open()) {
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            assertThat(db.fetchOne("select pg_has_role('persistence', 'rds_iam', 'member')")
                            .get(0, Boolean.class))
                    .isTrue();
            assertThat(db.fetchOne("select has_table_privilege('persistence', 'frames', 'INSERT')")
                            .get(0, Boolean.class))
                    .isTrue();
            assertThat(db.fetchOne("select has_table_privilege('persistence', 'frames', 'SELECT')")
                            .get(0, Boolean.class))
                    .isTrue();
            assertThat(db.fetchOne("select has_table_privilege('persistence', 'frames', 'DELETE')")
                            .get(0, Boolean.class))
                    .isFalse();
            assertThat(db.fetchOne("select has_table_privilege('persistence', 'frames', 'UPDATE')")
                            .get(0, Boolean.class))
                    .isFalse();
            // a camera's window of images it claims (V11); the camera's zone and counting zones are the operators'
            assertThat(db.fetchOne("select has_column_privilege('persistence', 'cameras', 'last_image_at', 'UPDATE')")
                            .get(0, Boolean.class))
                    .isTrue();
            for (String column : List.of("time_zone", "counting_zones", "address")) {
                assertThat(db.fetchOne("select has_column_privilege('persistence', 'cameras', ?, 'UPDATE')", column)
                                .get(0, Boolean.class))
                        .as("persistence updates cameras.%s", column)
                        .isFalse();
            }
            // the persistence function decodes untrusted images: it may not read, add or change a key
            for (String table : List.of("camera_keys", "viewer_keys", "erasures")) {
                for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE", "REFERENCES")) {
                    assertThat(db.fetchOne("select has_table_privilege('persistence', ?, ?)", table, privilege)
                                    .get(0, Boolean.class))
                            .as("persistence %s on %s", privilege, table)
                            .isFalse();
                }
                assertThat(db.fetchOne("select has_any_column_privilege('persistence', ?, 'UPDATE')", table)
                                .get(0, Boolean.class))
                        .as("persistence updates a column of %s", table)
                        .isFalse();
            }
        }
        assertThatThrownBy(() -> Migrations.ensureAppUser(connections, "x; drop table frames"))
                .hasMessageContaining("plain lower-case name");
    }

    @Test
    void theKeyKeeperMayReadAddAndRevokeKeysAndAddCamerasAndNothingElse() throws Exception {
        DatabaseSettings settings = EmbeddedDatabase.newEmptyDatabase();
        DatabaseConnections connections = new DatabaseConnections(settings);
        var answer = new MigrationHandler(
                        connections, "persistence", "traffic_reader", "traffic_eraser", "traffic_keys")
                .handleRequest(java.util.Map.of(), null);
        assertThat(answer).containsEntry("keyKeeper", "traffic_keys");
        Migrations.ensureKeyKeeper(connections, "traffic_keys"); // idempotent
        try (Connection c = connections.open()) {
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            java.util.function.BiFunction<String, String, Boolean> may = (table, privilege) -> db.fetchOne(
                            "select has_table_privilege('traffic_keys', ?, ?)", table, privilege)
                    .get(0, Boolean.class);
            for (String table : List.of("cameras", "camera_keys", "viewer_keys")) {
                assertThat(may.apply(table, "SELECT")).as("select " + table).isTrue();
                assertThat(may.apply(table, "INSERT")).as("insert " + table).isTrue();
                assertThat(may.apply(table, "DELETE")).as("delete " + table).isFalse();
            }
            for (String table : Migrations.KEY_TABLES) {
                for (String column : List.of("revoked_at", "last_seen_at")) {
                    assertThat(db.fetchOne("select has_column_privilege('traffic_keys', ?, ?, 'UPDATE')", table, column)
                                    .get(0, Boolean.class))
                            .as("update %s.%s", table, column)
                            .isTrue();
                }
                assertThat(db.fetchOne(
                                        "select has_column_privilege('traffic_keys', ?, 'secret_sha256', 'UPDATE')",
                                        table)
                                .get(0, Boolean.class))
                        .as("a key's secret never changes")
                        .isFalse();
            }
            for (String table : List.of("frames", "detections", "frame_counts", "hourly_counts", "erasures")) {
                assertThat(may.apply(table, "SELECT")).as("select " + table).isFalse();
                assertThat(may.apply(table, "INSERT")).as("insert " + table).isFalse();
            }
        }
    }

    @Test
    void theEraserMayMarkImagesErasedDeleteDetectionsAndRecordTheRunAndNothingElse() throws Exception {
        DatabaseSettings settings = EmbeddedDatabase.newEmptyDatabase();
        DatabaseConnections connections = new DatabaseConnections(settings);
        var answer = new MigrationHandler(connections, "persistence", "traffic_reader", "traffic_eraser")
                .handleRequest(java.util.Map.of(), null);
        assertThat(answer).containsEntry("eraser", "traffic_eraser");
        Migrations.ensureEraser(connections, "traffic_eraser"); // idempotent
        try (Connection c = connections.open()) {
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            java.util.function.BiFunction<String, String, Boolean> may = (table, privilege) -> db.fetchOne(
                            "select has_table_privilege('traffic_eraser', ?, ?)", table, privilege)
                    .get(0, Boolean.class);
            java.util.function.BiFunction<String, String, Boolean> mayColumn = (column, privilege) -> db.fetchOne(
                            "select has_column_privilege('traffic_eraser', 'frames', ?, ?)", column, privilege)
                    .get(0, Boolean.class);
            assertThat(may.apply("detections", "DELETE")).isTrue();
            assertThat(may.apply("erasures", "INSERT")).isTrue();
            assertThat(mayColumn.apply("images_erased_at", "UPDATE")).isTrue();
            assertThat(mayColumn.apply("status", "UPDATE")).isFalse();
            assertThat(mayColumn.apply("original_key", "UPDATE")).isFalse();
            for (String table : List.of("frames", "frame_counts", "hourly_counts", "cameras")) {
                assertThat(may.apply(table, "DELETE")).as("delete " + table).isFalse();
                assertThat(may.apply(table, "INSERT")).as("insert " + table).isFalse();
            }
            assertThat(may.apply("erasures", "UPDATE"))
                    .as("an audit row is never changed")
                    .isFalse();
            assertThat(may.apply("camera_keys", "SELECT")).isFalse();
            assertThat(may.apply("viewer_keys", "SELECT")).isFalse();
        }
    }

    @Test
    void theReaderMayReadTheTrafficAndNothingElseAndNeverWrite() throws Exception {
        DatabaseSettings settings = EmbeddedDatabase.newEmptyDatabase();
        DatabaseConnections connections = new DatabaseConnections(settings);
        var answer = new MigrationHandler(connections, "persistence", "traffic_reader")
                .handleRequest(java.util.Map.of(), null);
        assertThat(answer).containsEntry("reader", "traffic_reader");
        Migrations.ensureReader(connections, "traffic_reader"); // idempotent
        try (Connection c = connections.open()) {
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            for (String readable : Migrations.READABLE) {
                assertThat(db.fetchOne("select has_table_privilege('traffic_reader', ?, 'SELECT')", readable)
                                .get(0, Boolean.class))
                        .as(readable)
                        .isTrue();
            }
            for (String privilege : List.of("INSERT", "UPDATE", "DELETE", "TRUNCATE")) {
                assertThat(db.fetchOne(
                                        "select bool_or(has_table_privilege('traffic_reader', c.oid, ?)) from pg_class c"
                                                + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'v')",
                                        privilege)
                                .get(0, Boolean.class))
                        .as(privilege)
                        .isFalse();
            }
            assertThat(db.fetchOne("select has_table_privilege('traffic_reader', 'camera_keys', 'SELECT')")
                            .get(0, Boolean.class))
                    .isFalse();
            assertThat(db.fetchOne("select has_table_privilege('traffic_reader', 'viewer_keys', 'SELECT')")
                            .get(0, Boolean.class))
                    .isFalse();
            db.execute("alter role traffic_reader password 'reader'");
        }
        // signed in as the reader: reading works, and even a table it could otherwise write to refuses
        try (Connection c = new DatabaseConnections(DatabaseSettings.password(
                        settings.jdbcUrl().replaceAll("\\?.*", ""), "traffic_reader", "reader"))
                .open()) {
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            assertThat(db.fetchCount(DSL.table("cameras"))).isZero();
            assertThat(db.fetchOne("show default_transaction_read_only").get(0, String.class))
                    .isEqualTo("on");
            assertThatThrownBy(() -> db.execute("insert into cameras (address, city, country) values ('a', 'b', 'c')"))
                    .hasMessageContaining("read-only transaction");
            assertThatThrownBy(() -> db.fetch("select * from camera_keys")).hasMessageContaining("permission denied");
        }
    }

    /** The schema as it was at {@code version}: for data stored before a later migration. */
    private static void migrateTo(DatabaseConnections connections, String version) {
        Migrations.configure(connections, java.time.ZoneId.of("UTC"))
                .target(version)
                .load()
                .migrate();
    }

    private static void frame(
            DSLContext db, long camera, String capturedAt, String status, int cars, int trucks, int persons) {
        frame(db, camera, capturedAt, status, cars, trucks, persons, null);
    }

    private static void frame(
            DSLContext db,
            long camera,
            String capturedAt,
            String status,
            int cars,
            int trucks,
            int persons,
            String receivedAt) {
        boolean distorted = status.equals("DISTORTED");
        String id = db.fetchOne("select gen_random_uuid()::text").get(0, String.class);
        db.execute(
                "insert into frames (id, camera_id, file_name, captured_at, received_at, status, distortion_reason,"
                        + " content_type, size_bytes, sha256, original_key, annotated_key, model_endpoint, model_latency_ms)"
                        + " values (?::uuid, ?, 'f.jpg', ?::timestamp, coalesce(?::timestamptz, now()), ?, ?, 'image/jpeg', 10, ?,"
                        + " 'frames/x.jpg', ?, ?, ?)",
                id,
                camera,
                capturedAt,
                receivedAt,
                status,
                distorted ? "blank" : null,
                "b".repeat(64),
                distorted ? null : "annotated/x.jpg",
                distorted ? null : "detr",
                distorted ? null : 40);
        db.execute(
                "insert into frame_counts (frame_id, car, truck, person) values (?::uuid, ?, ?, ?)",
                id,
                cars,
                trucks,
                persons);
    }
}
