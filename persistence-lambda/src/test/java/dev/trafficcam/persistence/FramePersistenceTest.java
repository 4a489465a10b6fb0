package dev.trafficcam.persistence;

import static dev.trafficcam.db.jooq.Tables.CAMERAS;
import static dev.trafficcam.db.jooq.Tables.DETECTIONS;
import static dev.trafficcam.db.jooq.Tables.FRAMES;
import static dev.trafficcam.db.jooq.Tables.FRAME_COUNTS;
import static dev.trafficcam.db.jooq.Tables.HOURLY_COUNTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.db.jooq.tables.records.FramesRecord;
import dev.trafficcam.db.testing.EmbeddedDatabase;
import dev.trafficcam.model.DistortionReason;
import dev.trafficcam.model.FrameImage;
import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.InvalidEventException;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.PersistenceEvents;
import dev.trafficcam.model.S3Keys;
import dev.trafficcam.model.TrafficClass;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.testing.LocalS3;
import dev.trafficcam.persistence.testing.Events;
import dev.trafficcam.support.images.Annotator;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The persistence handler against real parts: PostgreSQL 17 (migrated by Flyway) and an S3 API (s3proxy), over
 * loopback.
 */
class FramePersistenceTest {
    private static final String BUCKET = "frames";
    private static LocalS3 localS3;
    private static S3Client s3;

    private DatabaseSettings database;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startS3() throws Exception {
        localS3 = new LocalS3();
        s3 = localS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        localS3.close();
    }

    @BeforeEach
    void freshDatabase() {
        database = EmbeddedDatabase.freshDatabase();
    }

    private PersistenceConfig config(String bucket) {
        return config(bucket, ImagePrivacy.DEFAULT);
    }

    private PersistenceConfig config(String bucket, ImagePrivacy privacy) {
        return config(bucket, privacy, database);
    }

    private PersistenceConfig config(String bucket, ImagePrivacy privacy, DatabaseSettings signIn) {
        return new PersistenceConfig(
                "eu-west-1", bucket, Optional.of(localS3.endpoint()), Duration.ofSeconds(5), signIn, privacy);
    }

    private PersistenceHandler handler() {
        return new PersistenceHandler(PersistenceWiring.of(config(BUCKET), LocalS3.CREDENTIALS, log::add));
    }

    private static String invoke(PersistenceHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String invoke(PersistenceHandler handler, PersistenceEvent event) throws Exception {
        return invoke(handler, PersistenceEvents.toJson(event));
    }

    private <T> T db(java.util.function.Function<DSLContext, T> query) throws Exception {
        try (Connection c = new DatabaseConnections(database).open()) {
            return query.apply(DSL.using(c, SQLDialect.POSTGRES));
        }
    }

    private int count(java.util.function.ToIntFunction<DSLContext> query) throws Exception {
        try (Connection c = new DatabaseConnections(database).open()) {
            return query.applyAsInt(DSL.using(c, SQLDialect.POSTGRES));
        }
    }

    /** One frame of the eight-detection event: one row each, no duplicates. */
    private void assertStoredOnce() throws Exception {
        assertThat(count(db -> db.fetchCount(FRAMES))).isEqualTo(1);
        assertThat(count(db -> db.fetchCount(DETECTIONS))).isEqualTo(8);
        assertThat(count(db -> db.fetchCount(FRAME_COUNTS))).isEqualTo(1);
        assertThat(count(db -> db.fetchCount(CAMERAS))).isEqualTo(1);
        // and counted once in its hour
        var hour = db(db -> db.selectFrom(HOURLY_COUNTS).fetchSingle());
        assertThat(hour.getFrames()).isEqualTo(1L);
        assertThat(hour.getPersonDetections()).isEqualTo(3L);
        assertThat(hour.getCarDetections()).isEqualTo(1L);
    }

    private static byte[] object(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    private static boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    @Test
    void storesTheFrameItsAnnotatedCopyAndItsRows() throws Exception {
        byte[] frame = Events.streetFrame();
        PersistenceEvent event = Events.detected(frame, Events.EIGHT);

        String answer = invoke(handler(), event);

        assertThat(answer).isEqualTo("{\"frameId\":\"" + event.frameId() + "\",\"outcome\":\"STORED\"}");
        // three people in it: the stored frame is the blurred one, in the camera's format and size
        BufferedImage stored = ImageIO.read(new ByteArrayInputStream(object("frames/" + event.frameId() + ".jpg")));
        assertThat(stored.getWidth()).isEqualTo(768);
        assertThat(object("frames/" + event.frameId() + ".jpg")).isNotEqualTo(frame);
        FramesRecord row = db(
                db -> db.selectFrom(FRAMES).where(FRAMES.ID.eq(event.frameId())).fetchSingle());
        assertThat(row.getStatus()).isEqualTo("DETECTED");
        assertThat(row.getFileName()).isEqualTo(event.fileName());
        assertThat(row.getCapturedAt())
                .as("in UTC, the test database's default zone")
                .isEqualTo(event.capturedAt().atOffset(java.time.ZoneOffset.UTC));
        assertThat(row.getReceivedAt().toInstant()).isEqualTo(event.receivedAt());
        assertThat(row.getPersistedAt()).isNotNull();
        assertThat(row.getOriginalKey()).isEqualTo("frames/" + event.frameId() + ".jpg");
        assertThat(row.getAnnotatedKey()).isEqualTo("annotated/" + event.frameId() + ".jpg");
        assertThat(row.getSha256()).isEqualTo(dev.trafficcam.model.Checksums.sha256Hex(frame));
        assertThat(row.getSizeBytes()).isEqualTo(frame.length);
        assertThat(row.getWidth()).isEqualTo(768);
        assertThat(row.getModelEndpoint()).isEqualTo("traffic-detector");
        assertThat(row.getModelLatencyMs()).isEqualTo(640);
        assertThat(row.getImagePrivacy()).isEqualTo("people-blurred");
        assertThat(row.getBlurredRegions()).isEqualTo(3);
        assertThat(row.getImagesWithheld()).isNull();
        assertThat(count(db -> db.fetchCount(CAMERAS, CAMERAS.CITY.eq("Leuven"))))
                .isEqualTo(1);

        var detections = db(db -> db.selectFrom(DETECTIONS)
                .where(DETECTIONS.FRAME_ID.eq(event.frameId()))
                .orderBy(DETECTIONS.ORDINAL)
                .fetch());
        assertThat(detections).hasSize(8);
        assertThat(detections.get(0).getLabel()).isEqualTo("car");
        assertThat(detections.get(0).getScore()).isEqualTo(0.95f);
        assertThat(detections.get(3).getBoxXmax()).isEqualTo(760);
        var counts = db(db -> db.selectFrom(FRAME_COUNTS)
                .where(FRAME_COUNTS.FRAME_ID.eq(event.frameId()))
                .fetchSingle());
        assertThat(counts.getPerson())
                .isEqualTo(event.counts().get(TrafficClass.PERSON))
                .isEqualTo(3);
        assertThat(counts.getCar()).isEqualTo(1);
        assertThat(counts.getMotorcycle()).isEqualTo(1);
        assertThat(log).singleElement().satisfies(line -> assertThat(line).contains("\"outcome\":\"STORED\""));
    }

    @Test
    void theAnnotatedCopyDecodesAndHasEachBoxInItsClassColour() throws Exception {
        byte[] frame = Events.streetFrame();
        PersistenceEvent event = Events.detected(frame, Events.EIGHT);
        invoke(handler(), event);

        BufferedImage original = ImageIO.read(new ByteArrayInputStream(frame));
        BufferedImage annotated = ImageIO.read(new ByteArrayInputStream(object(S3Keys.annotated(event.frameId()))));
        assertThat(annotated.getWidth()).isEqualTo(768);
        assertThat(annotated.getHeight()).isEqualTo(576);
        for (var d : event.detections()) {
            Color colour = Annotator.COLOURS.get(d.label());
            int x = d.box().xmin();
            int y = (d.box().ymin() + d.box().ymax()) / 2; // middle of the left edge
            assertThat(distance(annotated.getRGB(x, y), colour))
                    .as("%s box edge", d.label())
                    .isLessThan(90);
            assertThat(distance(original.getRGB(x, y), colour))
                    .as("%s: the frame was not already that colour", d.label())
                    .isGreaterThan(120);
        }
    }

    @Test
    void aDistortedFrameGoesUnderDistortedWithoutAnAnnotatedCopy() throws Exception {
        byte[] garbage = "this is not a picture at all".getBytes(StandardCharsets.UTF_8);
        PersistenceEvent event = Events.distorted(garbage, ImageFormat.PNG, DistortionReason.NOT_AN_IMAGE);

        // with blurring off, as the camera sent it
        assertThat(invoke(
                        new PersistenceHandler(PersistenceWiring.of(
                                config(BUCKET, new ImagePrivacy(false, true, 30)), LocalS3.CREDENTIALS, log::add)),
                        event))
                .contains("STORED");

        assertThat(object("distorted/" + event.frameId() + ".png")).isEqualTo(garbage);
        assertThat(exists(S3Keys.annotated(event.frameId()))).isFalse();
        FramesRecord row = db(
                db -> db.selectFrom(FRAMES).where(FRAMES.ID.eq(event.frameId())).fetchSingle());
        assertThat(row.getStatus()).isEqualTo("DISTORTED");
        assertThat(row.getDistortionReason()).isEqualTo("not-an-image");
        assertThat(row.getAnnotatedKey()).isNull();
        assertThat(row.getModelEndpoint()).isNull();
        assertThat(row.getWidth()).isNull();
        assertThat(count(db -> db.fetchCount(DETECTIONS))).isZero();
        assertThat(count(db -> db.selectFrom(FRAME_COUNTS).fetchSingle().getCar()))
                .isZero();
    }

    @Test
    void aClaimCheckIsReadStoredAndDeletedAfterTheCommit() throws Exception {
        byte[] frame = Events.streetFrame();
        // nobody to blur: the camera's own bytes are stored
        PersistenceEvent inline = Events.detected(
                frame,
                Events.EIGHT.stream()
                        .filter(d -> d.label() != TrafficClass.PERSON)
                        .toList());
        String key = S3Keys.claimCheck(inline.frameId());
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(frame));
        PersistenceEvent event = inline.withImage(inline.image().asClaimCheck(key));

        assertThat(invoke(handler(), event)).contains("STORED");

        assertThat(object(S3Keys.original(event.frameId(), ImageFormat.JPEG))).isEqualTo(frame);
        assertThat(exists(key)).isFalse();
        assertThat(count(db -> db.fetchCount(FRAMES))).isEqualTo(1);
    }

    @Test
    void theSameEventTwiceIsStoredOnce() throws Exception {
        PersistenceEvent event = Events.detected(Events.streetFrame(), Events.EIGHT);
        PersistenceHandler handler = handler();

        assertThat(invoke(handler, event)).contains("\"STORED\"");
        assertThat(invoke(handler, event)).contains("\"ALREADY_STORED\"");

        assertStoredOnce();
    }

    @Test
    void theSameEventDeliveredConcurrentlyIsStoredOnce() throws Exception {
        PersistenceEvent event = Events.detected(Events.streetFrame(), Events.EIGHT);
        byte[] json = PersistenceEvents.toJson(event);
        int deliveries = 6;
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < deliveries; i++) {
                PersistenceHandler handler = handler(); // one container each: its own connection
                Callable<String> delivery = () -> {
                    go.await();
                    return invoke(handler, json);
                };
                answers.add(pool.submit(delivery));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> answer : answers) {
                outcomes.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn(a -> a.contains("\"STORED\"")).hasSize(1);
            assertThat(outcomes)
                    .filteredOn(a -> a.contains("\"ALREADY_STORED\""))
                    .hasSize(deliveries - 1);
        } finally {
            pool.shutdownNow();
        }
        assertStoredOnce();
    }

    /**
     * A camera in Brussels across the autumn clock change (30 October 2022, 03:00 back to 02:00): a wall-clock time
     * that happened twice is the reading nearer the frame's arrival, a name's offset wins over both, and the two passes
     * of the repeated hour are two hours of the rollup.
     */
    @Test
    void aCamerasWallClockTimeIsReadInItsZoneAndTheRepeatedHourIsTwoHours() throws Exception {
        db(db -> db.execute("insert into cameras (address, city, country, time_zone)"
                + " values ('Grote Markt', 'Brussel', 'Belgium', 'Europe/Brussels')"));
        PersistenceHandler handler = handler();
        String camera = "Grote Markt_Brussel_Belgium_30-10-2022_";
        invoke(
                handler,
                Events.detected(
                        Events.streetFrame(),
                        Events.EIGHT,
                        camera + "02-30-00.jpg",
                        Instant.parse("2022-10-30T00:30:05Z")));
        invoke(
                handler,
                Events.detected(
                        Events.streetFrame(),
                        Events.EIGHT.subList(0, 2),
                        camera + "02-30-10.jpg",
                        Instant.parse("2022-10-30T01:30:15Z")));
        // its offset says the second pass, though it arrived near the first
        invoke(
                handler,
                Events.detected(
                        Events.streetFrame(),
                        Events.EIGHT.subList(0, 1),
                        camera + "02-59-00+0100.jpg",
                        Instant.parse("2022-10-30T00:59:05Z")));

        List<java.time.OffsetDateTime> captured =
                db(db -> db.fetch("select captured_at from frames order by captured_at")
                        .getValues(0, java.time.OffsetDateTime.class));
        assertThat(captured.stream().map(java.time.OffsetDateTime::toInstant).toList())
                .containsExactly(
                        Instant.parse("2022-10-30T00:30:00Z"),
                        Instant.parse("2022-10-30T01:30:10Z"),
                        Instant.parse("2022-10-30T01:59:00Z"));
        List<String> hours = db(db -> db.fetch("select hour, frames from hourly_counts order by hour")
                .map(r -> r.get(0, java.time.OffsetDateTime.class).toInstant() + " " + r.get(1)));
        assertThat(hours).containsExactly("2022-10-30T00:00:00Z 1", "2022-10-30T01:00:00Z 2");
    }

    @Test
    void eachStoredFrameIsAddedToItsCamerasHourOnceAndTheRollupAgreesWithTheFrames() throws Exception {
        PersistenceHandler handler = handler();
        PersistenceEvent first = Events.detected(Events.streetFrame(), Events.EIGHT);
        PersistenceEvent second = Events.detected(Events.streetFrame(), Events.EIGHT.subList(0, 2));
        PersistenceEvent blank = Events.distorted(new byte[] {1, 2, 3}, ImageFormat.PNG, DistortionReason.NOT_AN_IMAGE);
        for (PersistenceEvent event : List.of(first, second, blank, first, second)) {
            invoke(handler, event);
        }

        var hour = db(db -> db.selectFrom(HOURLY_COUNTS).fetchSingle());
        assertThat(hour.getHour())
                .isEqualTo(first.capturedAt()
                        .truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                        .atOffset(java.time.ZoneOffset.UTC));
        assertThat(hour.getFrames()).as("the resends add nothing").isEqualTo(3L);
        assertThat(hour.getDistortedFrames()).isEqualTo(1L);
        assertThat(hour.getCarDetections()).isEqualTo(2L);
        assertThat(hour.getPersonDetections()).isEqualTo(4L);
        assertThat(hour.getTruckDetections()).isEqualTo(1L);
        // occupancy: the most in one frame, and the hour's capture times
        assertThat(hour.getPersonPeak())
                .as("3 persons in the first frame, 1 in the second")
                .isEqualTo(3);
        assertThat(hour.getCarPeak()).isEqualTo(1);
        assertThat(hour.getFirstCapturedAt()).isEqualTo(first.capturedAt().atOffset(java.time.ZoneOffset.UTC));
        assertThat(hour.getLastCapturedAt()).isEqualTo(blank.capturedAt().atOffset(java.time.ZoneOffset.UTC));
        // what a scan of the frames gives, the query the BI views ran before the rollup
        List<Object> scanned =
                db(db -> db.fetchOne("select count(*), sum(fc.car), sum(fc.person) from frames f join frame_counts fc"
                                + " on fc.frame_id = f.id")
                        .intoList());
        assertThat(scanned).containsExactly(3L, 2L, 4L);
    }

    @Test
    void withAnImageAMinuteOnlyTheFirstFrameToReachEachMinuteIsStoredWithImagesAndEveryFrameCounts() throws Exception {
        ImagePrivacy minute = ImagePrivacy.DEFAULT.withImageEverySeconds(60);
        // signed in as the function is in AWS, with the grants the migration function gives it
        DatabaseSettings asTheFunction =
                EmbeddedDatabase.signedInAs(database, "persistence", dev.trafficcam.db.Migrations::ensureAppUser);
        PersistenceHandler handler = new PersistenceHandler(
                PersistenceWiring.of(config(BUCKET, minute, asTheFunction), LocalS3.CREDENTIALS, log::add));
        String camera = "Naamsestraat_Leuven_Belgium_05-12-2026_";
        byte[] frame = Events.streetFrame();
        PersistenceEvent at15 = Events.detected(frame, Events.EIGHT, camera + "10-15-15.jpg");
        PersistenceEvent at05 = Events.detected(frame, Events.EIGHT.subList(0, 2), camera + "10-15-05.jpg");
        PersistenceEvent at55 = Events.detected(frame, Events.EIGHT.subList(0, 1), camera + "10-15-55.jpg");
        PersistenceEvent at00 = Events.detected(frame, Events.EIGHT, camera + "10-16-00.jpg");
        PersistenceEvent other =
                Events.detected(frame, Events.EIGHT, "Grote Markt_Brussel_Belgium_05-12-2026_10-15-55.jpg");

        // :15 claims the minute's images when S3 fails, so it is retried; meanwhile :05, earlier in that minute
        // but later to arrive, gets none, and the retry of :15 still stores them
        PersistenceHandler failing = new PersistenceHandler(
                PersistenceWiring.of(config("no-such-bucket", minute, asTheFunction), LocalS3.CREDENTIALS, log::add));
        assertThatThrownBy(() -> invoke(failing, at15)).isNotInstanceOf(InvalidEventException.class);
        for (PersistenceEvent event : List.of(at05, at15, at55, at00, other, at05)) {
            assertThat(invoke(handler, event)).contains("STORED");
        }

        java.util.Map<String, FramesRecord> rows =
                db(db -> db.selectFrom(FRAMES).fetchMap(FRAMES.FILE_NAME));
        assertThat(rows).hasSize(5);
        for (PersistenceEvent kept : List.of(at15, at00, other)) {
            FramesRecord row = rows.get(kept.fileName());
            assertThat(row.getOriginalKey()).as(kept.fileName()).isEqualTo("frames/" + kept.frameId() + ".jpg");
            assertThat(row.getAnnotatedKey()).isEqualTo("annotated/" + kept.frameId() + ".jpg");
            assertThat(row.getImagesWithheld()).isNull();
            assertThat(exists(row.getOriginalKey())).isTrue();
        }
        for (PersistenceEvent sampled : List.of(at05, at55)) {
            FramesRecord row = rows.get(sampled.fileName());
            assertThat(row.getOriginalKey()).as(sampled.fileName()).isNull();
            assertThat(row.getAnnotatedKey()).isNull();
            assertThat(row.getImagesWithheld()).isEqualTo("sampled: one image every 60 s a camera");
            assertThat(row.getImagePrivacy()).isEqualTo("no-image");
            assertThat(exists("frames/" + sampled.frameId() + ".jpg")).isFalse();
            assertThat(exists(S3Keys.annotated(sampled.frameId()))).isFalse();
        }
        // the counts come from every frame: Leuven's hour has its four frames and their people
        var leuven = db(db -> db.selectFrom(HOURLY_COUNTS)
                .where(HOURLY_COUNTS.CAMERA_ID.eq(db.select(CAMERAS.ID)
                        .from(CAMERAS)
                        .where(CAMERAS.CITY.eq("Leuven"))
                        .asField()))
                .fetchSingle());
        assertThat(leuven.getFrames()).isEqualTo(4L);
        assertThat(leuven.getPersonDetections()).as("3 + 1 + 0 + 3").isEqualTo(7L);
        assertThat(count(db -> db.fetchCount(DETECTIONS))).isEqualTo(8 + 2 + 1 + 8 + 8);
        java.time.OffsetDateTime lastImage = db(db -> db.select(CAMERAS.LAST_IMAGE_AT)
                .from(CAMERAS)
                .where(CAMERAS.CITY.eq("Leuven"))
                .fetchSingle(CAMERAS.LAST_IMAGE_AT));
        assertThat(lastImage.toInstant()).isEqualTo(Instant.parse("2026-12-05T10:16:00Z"));
    }

    @Test
    void aDatabaseFailureMidwayLeavesNoPartialRowsAndARetryCompletes() throws Exception {
        PersistenceEvent event = Events.detected(Events.streetFrame(), Events.EIGHT);
        db(db -> db.execute("""
                create function fail_detections() returns trigger language plpgsql as $$
                begin raise exception 'injected failure while inserting detections'; end $$;
                create trigger fail_detections before insert on detections for each row execute function fail_detections();
                """));
        PersistenceHandler handler = handler();

        assertThatThrownBy(() -> invoke(handler, event)).hasMessageContaining("injected failure");
        assertThat(count(db -> db.fetchCount(FRAMES)))
                .as("the frame row was rolled back")
                .isZero();
        assertThat(count(db -> db.fetchCount(CAMERAS))).isZero();
        assertThat(count(db -> db.fetchCount(HOURLY_COUNTS)))
                .as("nor counted in its hour")
                .isZero();
        assertThat(log.getLast()).contains("\"outcome\":\"FAILED\"");

        db(db -> db.execute("drop trigger fail_detections on detections"));
        assertThat(invoke(handler, event)).contains("\"STORED\"");
        assertThat(count(db -> db.fetchCount(DETECTIONS))).isEqualTo(8);
    }

    @Test
    void aLostConnectionIsRebuiltBeforeTheNextEvent() throws Exception {
        PersistenceHandler handler = handler();
        invoke(handler, Events.detected(Events.streetFrame(), Events.EIGHT));
        db(db -> db.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                + " where datname = current_database() and pid <> pg_backend_pid()"));

        assertThat(invoke(handler, Events.detected(Events.streetFrame(), Events.EIGHT)))
                .contains("\"STORED\"");
        assertThat(count(db -> db.fetchCount(FRAMES))).isEqualTo(2);
    }

    @Test
    void anS3FailureWritesNoRow() throws Exception {
        PersistenceHandler handler =
                new PersistenceHandler(PersistenceWiring.of(config("no-such-bucket"), LocalS3.CREDENTIALS, log::add));
        PersistenceEvent event = Events.detected(Events.streetFrame(), Events.EIGHT);

        assertThatThrownBy(() -> invoke(handler, event)).isNotInstanceOf(InvalidEventException.class);

        assertThat(count(db -> db.fetchCount(FRAMES))).isZero();
        assertThat(invoke(handler(), event))
                .as("with S3 back, the retry stores it")
                .contains("\"STORED\"");
    }

    @Test
    void eventsThatCanNeverBeStoredFailWithTheNamedErrorAndStoreNothing() throws Exception {
        byte[] frame = Events.streetFrame();
        PersistenceEvent good = Events.detected(frame, Events.EIGHT);
        String json = new String(PersistenceEvents.toJson(good), StandardCharsets.UTF_8);
        PersistenceEvent wrongHash = good.withImage(new FrameImage(
                ImageFormat.JPEG,
                frame.length,
                "0".repeat(64),
                768,
                576,
                good.image().data(),
                null));
        PersistenceEvent expiredClaimCheck = good.withImage(good.image().asClaimCheck("incoming/" + good.frameId()));
        List<byte[]> bad = List.of(
                "{not json".getBytes(StandardCharsets.UTF_8),
                json.replace("\"schemaVersion\":1", "\"schemaVersion\":2").getBytes(StandardCharsets.UTF_8),
                json.replace("\"label\":\"car\"", "\"label\":\"tank\"").getBytes(StandardCharsets.UTF_8),
                PersistenceEvents.toJson(wrongHash),
                PersistenceEvents.toJson(expiredClaimCheck));
        PersistenceHandler handler = handler();
        for (byte[] event : bad) {
            assertThatThrownBy(() -> invoke(handler, event)).isInstanceOf(InvalidEventException.class);
            assertThat(log.getLast()).contains("\"outcome\":\"INVALID\"").contains("InvalidEventException");
        }
        assertThat(count(db -> db.fetchCount(FRAMES))).isZero();
        assertThat(exists(S3Keys.original(good.frameId(), ImageFormat.JPEG))).isFalse();
    }

    @Test
    void aClaimCheckGoneBecauseAResendStoredTheFrameMeanwhileIsNotAnError() throws Exception {
        byte[] frame = Events.streetFrame();
        PersistenceEvent inline = Events.detected(frame, Events.EIGHT);
        PersistenceEvent resent = inline.withImage(inline.image().asClaimCheck(S3Keys.claimCheck(inline.frameId())));
        assertThat(invoke(handler(), inline)).contains("\"STORED\"");
        // This run looks before the other commits (the first look sees nothing), then finds the claim
        // check deleted by the run that stored the frame.
        DatabaseSession session = new DatabaseSession(new DatabaseConnections(database));
        FrameRepository lateToSee = new FrameRepository(session) {
            private int looks;

            @Override
            public Optional<String> storedSha256(java.util.UUID frameId) {
                return looks++ == 0 ? Optional.empty() : super.storedSha256(frameId);
            }
        };
        FramePersistence persistence = new FramePersistence(
                new FrameObjects(s3, BUCKET), lateToSee, new FrameImages(ImagePrivacy.DEFAULT, new Annotator()));

        assertThat(persistence.persist(resent)).isEqualTo(FramePersistence.Outcome.ALREADY_STORED);
        session.close();
        assertStoredOnce();
    }

    @Test
    void anotherFrameUnderAStoredFramesIdIsRefusedNotMerged() throws Exception {
        byte[] frame = Events.streetFrame();
        PersistenceEvent stored = Events.detected(frame, Events.EIGHT);
        assertThat(invoke(handler(), stored)).contains("\"STORED\"");
        byte[] first = object(S3Keys.original(stored.frameId(), ImageFormat.JPEG));
        byte[] other = frame.clone();
        other[other.length - 3] ^= 1;
        PersistenceEvent clash = stored.withImage(
                FrameImage.inline(ImageFormat.JPEG, other, dev.trafficcam.model.Checksums.sha256Hex(other), 768, 576));

        // another image under a stored frame's id is not the id that image makes: refused before anything else (a
        // real clash, two images whose ids share 74 bits, is refused by the id-clash check behind it)
        assertThatThrownBy(() -> invoke(handler(), clash))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("is not the one its camera, capture time and image make");
        assertThat(object(S3Keys.original(stored.frameId(), ImageFormat.JPEG)))
                .as("the stored frame is untouched")
                .isEqualTo(first);
        assertStoredOnce();
    }

    /** The event with another frame id and camera, everything else as it was. */
    private static PersistenceEvent forged(
            PersistenceEvent event, java.util.UUID frameId, dev.trafficcam.model.Camera camera) {
        return new PersistenceEvent(
                event.schemaVersion(),
                frameId,
                event.receivedAt(),
                event.fileName(),
                camera,
                event.capturedAt(),
                event.status(),
                event.distortion(),
                event.detections(),
                event.counts(),
                event.model(),
                event.image(),
                event.people());
    }

    @Test
    void anEventIsNotTrustedForItsCameraOrItsFrameId() throws Exception {
        PersistenceEvent good = Events.detected(Events.streetFrame(), Events.EIGHT);
        // a replayed event that names another camera than its file name, as a forged queue message could
        PersistenceEvent otherCamera =
                forged(good, good.frameId(), new dev.trafficcam.model.Camera("Grote Markt", "Leuven", "Belgium"));
        assertThatThrownBy(() -> invoke(handler(), otherCamera))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not the event's Camera[address=Grote Markt");
        PersistenceEvent otherId = forged(good, java.util.UUID.randomUUID(), good.camera());
        assertThatThrownBy(() -> invoke(handler(), otherId))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("is not the one its camera, capture time and image make");
        assertThat(count(db -> db.fetchCount(FRAMES))).isZero();
        assertThat(count(db -> db.fetchCount(CAMERAS)))
                .as("no camera made from an event")
                .isZero();
    }

    @Test
    void whatLambdaIsToldOfAFailureIsBoundedAndKeepsItsKind() throws Exception {
        PersistenceEvent event = Events.detected(Events.streetFrame(), Events.EIGHT);
        String huge = "\"<&>\\ ü\n".repeat(5_000);
        db(db -> db.execute("""
                create function fail_long() returns trigger language plpgsql as $$
                begin raise exception '%s'; end $$;
                create trigger fail_long before insert on frames for each row execute function fail_long();
                """.formatted(huge.replace("'", "''"))));

        RuntimeException reported =
                (RuntimeException) org.assertj.core.api.Assertions.catchThrowable(() -> invoke(handler(), event));
        assertThat(reported).isInstanceOf(ReportedError.class);
        assertThat(reported.getMessage())
                .hasSize(dev.trafficcam.model.EventLimits.ERROR_MESSAGE_MAX_CHARS)
                .startsWith("DataAccessException: ")
                .endsWith("...")
                .matches("[\\x20-\\x7E]*");
        assertThat(reported.getStackTrace()).isEmpty();
        assertThat(reported.getCause()).isNull();
        assertThat(log.getLast())
                .as("the whole error is logged")
                .contains("\"trace\":")
                .contains("PSQLException");

        PersistenceEvent invalid =
                event.withImage(new FrameImage(ImageFormat.JPEG, 1, "0".repeat(64), 1, 1, "AA==", null));
        RuntimeException refused =
                (RuntimeException) org.assertj.core.api.Assertions.catchThrowable(() -> invoke(handler(), invalid));
        assertThat(refused)
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("InvalidEventException: frame ");
        assertThat(refused.getStackTrace()).isEmpty();
    }

    @Test
    void primingBeforeASnapshotTouchesNeitherS3NorTheDatabaseAndHoldsNoConnection() throws Exception {
        PersistenceHandler handler = handler();
        invoke(handler, Events.detected(Events.streetFrame(), Events.EIGHT)); // the session now holds a connection
        long objects = s3.listObjectsV2(b -> b.bucket(BUCKET)).keyCount();

        handler.beforeCheckpoint(null);

        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).keyCount()).isEqualTo(objects);
        assertThat(count(db -> db.fetchCount(FRAMES))).isEqualTo(1);
        assertThat(count(db -> db.fetchCount(
                        DSL.table("pg_stat_activity"),
                        DSL.field("datname")
                                .eq(DSL.field("current_database()"))
                                .and(DSL.field("application_name").eq("traffic-camera-pipeline"))
                                .and(DSL.field("pid").ne(DSL.field("pg_backend_pid()"))))))
                .as("no connection is carried into the snapshot")
                .isZero();
        assertThat(log).anySatisfy(line -> assertThat(line).contains("primed before the snapshot"));
        assertThat(invoke(handler, Events.detected(Events.streetFrame(), Events.EIGHT)))
                .contains("\"STORED\"");
    }

    private static int distance(int rgb, Color c) {
        return Math.abs(((rgb >> 16) & 0xFF) - c.getRed())
                + Math.abs(((rgb >> 8) & 0xFF) - c.getGreen())
                + Math.abs((rgb & 0xFF) - c.getBlue());
    }
}
