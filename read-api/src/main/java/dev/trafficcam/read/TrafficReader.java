package dev.trafficcam.read;

import static dev.trafficcam.db.jooq.Tables.CAMERAS;
import static dev.trafficcam.db.jooq.Tables.DETECTIONS;
import static dev.trafficcam.db.jooq.Tables.FRAMES;
import static dev.trafficcam.db.jooq.Tables.FRAME_COUNTS;
import static dev.trafficcam.db.jooq.Tables.HOURLY_COUNTS;

import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.HourlyCountsColumns;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.TrafficClass;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * What the read side asks the database, as the read-only user: cameras and their health, counts per bucket (from the
 * hourly rollup, never from the frames), a camera's latest frames page by page, one frame with its detections. Every
 * query is bounded: by the range's buckets, by the page size, by an index on the camera.
 */
public final class TrafficReader {
    private final DatabaseSession session;

    public TrafficReader(DatabaseSession session) {
        this.session = session;
    }

    /** A camera and how it is doing, as of {@code now}. */
    public record CameraHealth(
            long cameraId,
            Camera camera,
            Instant lastSeenAt,
            ZonedDateTime lastCapturedAt,
            int framesLastHour,
            int distortedLastHour,
            ZoneId timeZone,
            String countingZones) {
        /** Whole minutes since the last frame arrived; null if it never sent one. */
        public Long silentMinutes(Instant now) {
            return lastSeenAt == null
                    ? null
                    : Math.max(0, Duration.between(lastSeenAt, now).toMinutes());
        }
    }

    /**
     * One hour of one camera, as the rollup holds it: frames (distorted ones among them), per class the sum of
     * detections over the frames and the most in one frame, and the first and last capture times.
     */
    public record HourCounts(
            Instant hour,
            long frames,
            long distorted,
            Map<TrafficClass, Long> detections,
            Map<TrafficClass, Integer> peaks,
            Instant firstCapturedAt,
            Instant lastCapturedAt) {
        /** Frames the model looked at: the mean in view is over these. */
        public long analysed() {
            return frames - distorted;
        }
    }

    /** A stored frame, as lists and the frame's page show it. */
    public record FrameSummary(
            UUID frameId,
            long cameraId,
            Camera camera,
            String fileName,
            ZonedDateTime capturedAt,
            Instant receivedAt,
            String status,
            String distortionReason,
            String originalKey,
            String annotatedKey,
            Integer width,
            Integer height,
            Map<TrafficClass, Integer> counts,
            Instant persistedAt,
            String imagePrivacy,
            String imagesWithheld,
            Instant imagesErasedAt) {}

    /** A detection of a frame: its class, score, box in the frame's pixels, and whether it counted (zones). */
    public record DetectionRow(String label, double score, int xmin, int ymin, int xmax, int ymax, boolean counted) {}

    /**
     * A page of cameras with their health, in the order of their place (country, city, address): at most {@code limit},
     * those after {@code after} (null: from the first), and only those in {@code only} when given. The order is the
     * cameras' unique key ({@code cameras_place_key}), so a page never repeats or skips a camera.
     */
    public List<CameraHealth> cameras(
            Instant now, int limit, Camera after, Optional<? extends java.util.Collection<Long>> only) {
        List<Condition> where = new ArrayList<>();
        if (after != null) {
            where.add(DSL.row(CAMERAS.COUNTRY, CAMERAS.CITY, CAMERAS.ADDRESS)
                    .gt(after.country(), after.city(), after.address()));
        }
        only.ifPresent(ids -> where.add(CAMERAS.ID.in(ids)));
        return health(now, where, limit);
    }

    /**
     * Cameras with their health: last frame (arrival and capture time), frames and distorted frames of the last hour.
     */
    private List<CameraHealth> health(Instant now, List<Condition> where, int limit) {
        OffsetDateTime hourAgo = OffsetDateTime.ofInstant(now.minus(Duration.ofHours(1)), ZoneOffset.UTC);
        var f = FRAMES.as("f");
        Field<OffsetDateTime> lastSeen =
                DSL.field(DSL.select(DSL.max(f.RECEIVED_AT)).from(f).where(f.CAMERA_ID.eq(CAMERAS.ID)));
        Field<OffsetDateTime> lastCaptured =
                DSL.field(DSL.select(DSL.max(f.CAPTURED_AT)).from(f).where(f.CAMERA_ID.eq(CAMERAS.ID)));
        Field<Integer> lastHour =
                DSL.field(DSL.selectCount().from(f).where(f.CAMERA_ID.eq(CAMERAS.ID), f.RECEIVED_AT.gt(hourAgo)));
        Field<Integer> distortedLastHour = DSL.field(DSL.selectCount()
                .from(f)
                .where(f.CAMERA_ID.eq(CAMERAS.ID), f.RECEIVED_AT.gt(hourAgo), f.STATUS.eq("DISTORTED")));
        return session.inTransaction(db -> db.select(
                        CAMERAS.ID,
                        CAMERAS.ADDRESS,
                        CAMERAS.CITY,
                        CAMERAS.COUNTRY,
                        lastSeen,
                        lastCaptured,
                        lastHour,
                        distortedLastHour,
                        CAMERAS.TIME_ZONE,
                        CAMERAS.COUNTING_ZONES)
                .from(CAMERAS)
                .where(where)
                .orderBy(CAMERAS.COUNTRY, CAMERAS.CITY, CAMERAS.ADDRESS)
                .limit(limit)
                .fetch(r -> new CameraHealth(
                        r.value1(),
                        new Camera(r.value2(), r.value3(), r.value4()),
                        r.value5() == null ? null : r.value5().toInstant(),
                        r.value6() == null ? null : r.value6().atZoneSameInstant(ZoneId.of(r.value9())),
                        r.value7(),
                        r.value8(),
                        ZoneId.of(r.value9()),
                        r.value10())));
    }

    /** The camera with this id, if there is one. */
    public Optional<Camera> camera(long cameraId) {
        return session.inTransaction(db -> db.select(CAMERAS.ADDRESS, CAMERAS.CITY, CAMERAS.COUNTRY)
                .from(CAMERAS)
                .where(CAMERAS.ID.eq(cameraId))
                .fetchOptional(r -> new Camera(r.value1(), r.value2(), r.value3())));
    }

    /** The camera's time zone, if there is such a camera: its file names give wall-clock time in it. */
    public Optional<ZoneId> timeZone(long cameraId) {
        return session.inTransaction(db -> db.select(CAMERAS.TIME_ZONE)
                .from(CAMERAS)
                .where(CAMERAS.ID.eq(cameraId))
                .fetchOptional(r -> ZoneId.of(r.value1())));
    }

    /**
     * The camera's rollup rows of the hours that start in {@code [from, to)}, oldest first (hours without frames have
     * none).
     */
    public List<HourCounts> hours(long cameraId, Instant from, Instant to) {
        return session.inTransaction(db -> db.selectFrom(HOURLY_COUNTS)
                .where(
                        HOURLY_COUNTS.CAMERA_ID.eq(cameraId),
                        HOURLY_COUNTS.HOUR.ge(utc(from)),
                        HOURLY_COUNTS.HOUR.lt(utc(to)))
                .orderBy(HOURLY_COUNTS.HOUR)
                .fetch(TrafficReader::hourCounts));
    }

    private static HourCounts hourCounts(dev.trafficcam.db.jooq.tables.records.HourlyCountsRecord r) {
        Map<TrafficClass, Long> detections = new EnumMap<>(TrafficClass.class);
        Map<TrafficClass, Integer> peaks = new EnumMap<>(TrafficClass.class);
        for (TrafficClass c : TrafficClass.values()) {
            detections.put(c, r.get(HourlyCountsColumns.detections(c)));
            peaks.put(c, r.get(HourlyCountsColumns.peak(c)));
        }
        return new HourCounts(
                r.getHour().toInstant(),
                r.getFrames(),
                r.getDistortedFrames(),
                detections,
                peaks,
                r.getFirstCapturedAt() == null ? null : r.getFirstCapturedAt().toInstant(),
                r.getLastCapturedAt() == null ? null : r.getLastCapturedAt().toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Where a page of frames starts: after this frame, in capture order newest first. */
    public record Cursor(Instant capturedAt, UUID frameId) {}

    /**
     * The camera's frames newest first (by capture time, then id), at most {@code limit}, starting after {@code before}
     * if given; only those stored with an image when {@code withImages} (with {@code imageEverySeconds}, most frames
     * have none). One more is fetched to tell whether another page follows.
     */
    public List<FrameSummary> frames(long cameraId, int limit, Cursor before, boolean withImages) {
        return session.inTransaction(db -> {
            var condition = FRAMES.CAMERA_ID.eq(cameraId);
            if (withImages) {
                condition = condition.and(FRAMES.ORIGINAL_KEY.isNotNull().or(FRAMES.ANNOTATED_KEY.isNotNull()));
            }
            if (before != null) {
                condition = condition.and(
                        DSL.row(FRAMES.CAPTURED_AT, FRAMES.ID).lt(utc(before.capturedAt()), before.frameId()));
            }
            return db.select(FRAMES.fields())
                    .select(FRAME_COUNTS.fields())
                    .select(CAMERAS.ADDRESS, CAMERAS.CITY, CAMERAS.COUNTRY, CAMERAS.TIME_ZONE)
                    .from(FRAMES)
                    .join(CAMERAS)
                    .on(CAMERAS.ID.eq(FRAMES.CAMERA_ID))
                    .leftJoin(FRAME_COUNTS)
                    .on(FRAME_COUNTS.FRAME_ID.eq(FRAMES.ID))
                    .where(condition)
                    .orderBy(FRAMES.CAPTURED_AT.desc(), FRAMES.ID.desc())
                    .limit(limit)
                    .fetch(TrafficReader::summary);
        });
    }

    /** One frame and its detections, best first. */
    public Optional<Map.Entry<FrameSummary, List<DetectionRow>>> frame(UUID frameId) {
        return session.inTransaction(db -> {
            Optional<FrameSummary> frame = db.select(FRAMES.fields())
                    .select(FRAME_COUNTS.fields())
                    .select(CAMERAS.ADDRESS, CAMERAS.CITY, CAMERAS.COUNTRY, CAMERAS.TIME_ZONE)
                    .from(FRAMES)
                    .join(CAMERAS)
                    .on(CAMERAS.ID.eq(FRAMES.CAMERA_ID))
                    .leftJoin(FRAME_COUNTS)
                    .on(FRAME_COUNTS.FRAME_ID.eq(FRAMES.ID))
                    .where(FRAMES.ID.eq(frameId))
                    .fetchOptional(TrafficReader::summary);
            return frame.map(f -> Map.entry(
                    f,
                    db.selectFrom(DETECTIONS)
                            .where(DETECTIONS.FRAME_ID.eq(frameId))
                            .orderBy(DETECTIONS.ORDINAL)
                            .fetch(d -> new DetectionRow(
                                    d.getLabel(),
                                    d.getScore(),
                                    d.getBoxXmin(),
                                    d.getBoxYmin(),
                                    d.getBoxXmax(),
                                    d.getBoxYmax(),
                                    d.getCounted()))));
        });
    }

    private static FrameSummary summary(Record r) {
        Map<TrafficClass, Integer> counts = new EnumMap<>(TrafficClass.class);
        counts.put(TrafficClass.CAR, orZero(r.get(FRAME_COUNTS.CAR)));
        counts.put(TrafficClass.TRUCK, orZero(r.get(FRAME_COUNTS.TRUCK)));
        counts.put(TrafficClass.BUS, orZero(r.get(FRAME_COUNTS.BUS)));
        counts.put(TrafficClass.PERSON, orZero(r.get(FRAME_COUNTS.PERSON)));
        counts.put(TrafficClass.BICYCLE, orZero(r.get(FRAME_COUNTS.BICYCLE)));
        counts.put(TrafficClass.MOTORCYCLE, orZero(r.get(FRAME_COUNTS.MOTORCYCLE)));
        return new FrameSummary(
                r.get(FRAMES.ID),
                r.get(FRAMES.CAMERA_ID),
                new Camera(r.get(CAMERAS.ADDRESS), r.get(CAMERAS.CITY), r.get(CAMERAS.COUNTRY)),
                r.get(FRAMES.FILE_NAME),
                r.get(FRAMES.CAPTURED_AT).atZoneSameInstant(ZoneId.of(r.get(CAMERAS.TIME_ZONE))),
                r.get(FRAMES.RECEIVED_AT).toInstant(),
                r.get(FRAMES.STATUS),
                r.get(FRAMES.DISTORTION_REASON),
                r.get(FRAMES.ORIGINAL_KEY),
                r.get(FRAMES.ANNOTATED_KEY),
                r.get(FRAMES.WIDTH),
                r.get(FRAMES.HEIGHT),
                counts,
                r.get(FRAMES.PERSISTED_AT).toInstant(),
                r.get(FRAMES.IMAGE_PRIVACY),
                r.get(FRAMES.IMAGES_WITHHELD),
                r.get(FRAMES.IMAGES_ERASED_AT) == null
                        ? null
                        : r.get(FRAMES.IMAGES_ERASED_AT).toInstant());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** One camera's counts of one hour, with the camera and its zone: a row of the export. */
    public record CameraHour(long cameraId, Camera camera, ZoneId timeZone, HourCounts counts) {}

    /**
     * Every camera's rollup rows of its own local day {@code day} (from its midnight to the next, 23 to 25 hours), with
     * their cameras (one query), camera then hour. The instants of the day differ per camera; the index on the hour is
     * used for the widest such day (zones are within 14 hours of UTC), each camera's then picked exactly.
     */
    public List<CameraHour> allHours(LocalDate day) {
        Field<OffsetDateTime> dayStart = DSL.field(
                "({0}::timestamp AT TIME ZONE {1})",
                OffsetDateTime.class, DSL.val(day.atStartOfDay()), CAMERAS.TIME_ZONE);
        Field<OffsetDateTime> dayEnd = DSL.field(
                "({0}::timestamp AT TIME ZONE {1})",
                OffsetDateTime.class, DSL.val(day.plusDays(1).atStartOfDay()), CAMERAS.TIME_ZONE);
        OffsetDateTime earliest = day.atStartOfDay().atOffset(ZoneOffset.ofHours(14));
        OffsetDateTime latest = day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.ofHours(-12));
        return session.inTransaction(db -> db.select(HOURLY_COUNTS.fields())
                .select(CAMERAS.ADDRESS, CAMERAS.CITY, CAMERAS.COUNTRY, CAMERAS.TIME_ZONE)
                .from(HOURLY_COUNTS)
                .join(CAMERAS)
                .on(CAMERAS.ID.eq(HOURLY_COUNTS.CAMERA_ID))
                .where(
                        HOURLY_COUNTS.HOUR.ge(earliest),
                        HOURLY_COUNTS.HOUR.lt(latest),
                        HOURLY_COUNTS.HOUR.ge(dayStart),
                        HOURLY_COUNTS.HOUR.lt(dayEnd))
                .orderBy(HOURLY_COUNTS.CAMERA_ID, HOURLY_COUNTS.HOUR)
                .fetch(r -> new CameraHour(
                        r.get(HOURLY_COUNTS.CAMERA_ID),
                        new Camera(r.get(CAMERAS.ADDRESS), r.get(CAMERAS.CITY), r.get(CAMERAS.COUNTRY)),
                        ZoneId.of(r.get(CAMERAS.TIME_ZONE)),
                        hourCounts(r.into(HOURLY_COUNTS)))));
    }
}
