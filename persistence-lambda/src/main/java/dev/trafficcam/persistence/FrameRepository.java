package dev.trafficcam.persistence;

import static dev.trafficcam.db.jooq.Tables.CAMERAS;
import static dev.trafficcam.db.jooq.Tables.DETECTIONS;
import static dev.trafficcam.db.jooq.Tables.FRAMES;
import static dev.trafficcam.db.jooq.Tables.FRAME_COUNTS;
import static dev.trafficcam.db.jooq.Tables.HOURLY_COUNTS;

import dev.trafficcam.db.CameraRows;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.HourlyCountsColumns;
import dev.trafficcam.model.CaptureTimes;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.FrameStatus;
import dev.trafficcam.model.InvalidFrameNameException;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.TrafficClass;
import dev.trafficcam.model.functions.ImagePrivacy;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep9;
import org.jooq.impl.DSL;

/** The frame's rows: camera (found or added), frame, detections and counts, written in one transaction. */
public class FrameRepository {
    private final DatabaseSession session;

    public FrameRepository(DatabaseSession session) {
        this.session = session;
    }

    /** The SHA-256 of the frame stored under this id, if one is: what tells a resend from an id clash. */
    public java.util.Optional<String> storedSha256(UUID frameId) {
        return session.inTransaction(db -> db.select(FRAMES.SHA256)
                .from(FRAMES)
                .where(FRAMES.ID.eq(frameId))
                .fetchOptional(FRAMES.SHA256));
    }

    /** The stored frame with this id, if there is one: what an operator's lookup answers. */
    public java.util.Optional<StoredFrame> find(UUID frameId) {
        org.jooq.Field<Integer> detections = org.jooq.impl.DSL.field(
                org.jooq.impl.DSL.selectCount().from(DETECTIONS).where(DETECTIONS.FRAME_ID.eq(FRAMES.ID)));
        return session.inTransaction(
                db -> db.select(FRAMES.STATUS, FRAMES.ORIGINAL_KEY, FRAMES.ANNOTATED_KEY, detections)
                        .from(FRAMES)
                        .where(FRAMES.ID.eq(frameId))
                        .fetchOptional(r -> new StoredFrame(frameId, r.value1(), r.value2(), r.value3(), r.value4())));
    }

    /**
     * Whether this frame's images are to be stored under {@code privacy}: always when every frame's are; otherwise when
     * this frame claims its camera's window ({@link ImagePrivacy#imageWindowStart}), with one conditional
     * {@code UPDATE} of {@code cameras.last_image_at} that commits before any object is written. A window is claimed by
     * the first frame to get there: two frames of one window, even at once, never both store images, and a frame from a
     * window that a later frame has claimed (a late retry, a replay) stores none. The frame that claimed it may run
     * again (a retry after a failed write) and stores them again, since the column holds its capture time.
     */
    public boolean imageDue(PersistenceEvent event, ImagePrivacy privacy) {
        if (privacy.everyFrame()) {
            return true;
        }
        return session.inTransaction(db -> {
            CameraRows.CameraRow camera = cameraOf(db, event);
            java.time.Instant captured = capturedAt(event, camera.timeZone());
            java.time.OffsetDateTime at = captured.atOffset(ZoneOffset.UTC);
            java.time.OffsetDateTime windowStart =
                    privacy.imageWindowStart(captured).atOffset(ZoneOffset.UTC);
            return db.update(CAMERAS)
                            .set(CAMERAS.LAST_IMAGE_AT, at)
                            .where(CAMERAS.ID.eq(camera.id()))
                            .and(CAMERAS.LAST_IMAGE_AT
                                    .isNull()
                                    .or(CAMERAS.LAST_IMAGE_AT.lt(windowStart))
                                    .or(CAMERAS.LAST_IMAGE_AT.eq(at)))
                            .execute()
                    == 1;
        });
    }

    /**
     * Inserts the frame with its detections and counts, unless a frame with its id is already stored (then nothing
     * changes).
     *
     * @return true when this call stored the frame, false when it was already there
     */
    public boolean insert(PersistenceEvent event, FrameImages.Stored images) {
        return session.inTransaction(db -> {
            CameraRows.CameraRow camera = cameraOf(db, event);
            long cameraId = camera.id();
            java.time.Instant captured = capturedAt(event, camera.timeZone());
            int inserted = db.insertInto(FRAMES)
                    .set(FRAMES.ID, event.frameId())
                    .set(FRAMES.CAMERA_ID, cameraId)
                    .set(FRAMES.FILE_NAME, event.fileName())
                    .set(FRAMES.CAPTURED_AT, captured.atOffset(ZoneOffset.UTC))
                    .set(FRAMES.RECEIVED_AT, event.receivedAt().atOffset(ZoneOffset.UTC))
                    .set(FRAMES.STATUS, event.status().name())
                    .set(
                            FRAMES.DISTORTION_REASON,
                            event.distortion() == null
                                    ? null
                                    : event.distortion().reason().code())
                    .set(
                            FRAMES.DISTORTION_DETAIL,
                            event.distortion() == null
                                    ? null
                                    : event.distortion().detail())
                    .set(FRAMES.CONTENT_TYPE, event.image().contentType().mediaType())
                    .set(FRAMES.SIZE_BYTES, event.image().sizeBytes())
                    .set(FRAMES.SHA256, event.image().sha256())
                    .set(FRAMES.WIDTH, event.image().width())
                    .set(FRAMES.HEIGHT, event.image().height())
                    .set(FRAMES.ORIGINAL_KEY, images.originalKey())
                    .set(FRAMES.ANNOTATED_KEY, images.annotatedKey())
                    .set(FRAMES.IMAGE_PRIVACY, images.privacy())
                    .set(FRAMES.BLURRED_REGIONS, images.blurredRegions())
                    .set(FRAMES.IMAGES_WITHHELD, images.withheld())
                    .set(
                            FRAMES.MODEL_ENDPOINT,
                            event.status() == FrameStatus.DETECTED
                                    ? event.model().endpoint()
                                    : null)
                    .set(
                            FRAMES.MODEL_LATENCY_MS,
                            event.status() == FrameStatus.DETECTED
                                    ? Math.toIntExact(event.model().latencyMs())
                                    : null)
                    .onConflict(FRAMES.ID)
                    .doNothing()
                    .execute();
            if (inserted == 0) {
                return false; // stored by an earlier or concurrent delivery of the same event
            }
            List<Detection> detections = event.detections();
            if (!detections.isEmpty()) {
                InsertValuesStep9<?, UUID, Short, String, Float, Integer, Integer, Integer, Integer, Boolean> insert =
                        db.insertInto(
                                DETECTIONS,
                                DETECTIONS.FRAME_ID,
                                DETECTIONS.ORDINAL,
                                DETECTIONS.LABEL,
                                DETECTIONS.SCORE,
                                DETECTIONS.BOX_XMIN,
                                DETECTIONS.BOX_YMIN,
                                DETECTIONS.BOX_XMAX,
                                DETECTIONS.BOX_YMAX,
                                DETECTIONS.COUNTED);
                for (int i = 0; i < detections.size(); i++) {
                    Detection d = detections.get(i);
                    insert = insert.values(
                            event.frameId(),
                            (short) i,
                            d.label().label(),
                            (float) d.score(),
                            d.box().xmin(),
                            d.box().ymin(),
                            d.box().xmax(),
                            d.box().ymax(),
                            d.counts());
                }
                insert.execute();
            }
            db.insertInto(FRAME_COUNTS)
                    .set(FRAME_COUNTS.FRAME_ID, event.frameId())
                    .set(FRAME_COUNTS.CAR, event.counts().get(TrafficClass.CAR))
                    .set(FRAME_COUNTS.TRUCK, event.counts().get(TrafficClass.TRUCK))
                    .set(FRAME_COUNTS.BUS, event.counts().get(TrafficClass.BUS))
                    .set(FRAME_COUNTS.PERSON, event.counts().get(TrafficClass.PERSON))
                    .set(FRAME_COUNTS.BICYCLE, event.counts().get(TrafficClass.BICYCLE))
                    .set(FRAME_COUNTS.MOTORCYCLE, event.counts().get(TrafficClass.MOTORCYCLE))
                    .execute();
            addToHour(db, cameraId, event, captured, camera.timeZone());
            return true;
        });
    }

    /**
     * Adds the frame to its camera's hour in the rollup the read side and the BI views read ({@code hourly_counts}, V4,
     * V8): the first frame of an hour makes its row, the others add to it. Per class it keeps the sum of detections
     * (over frames: the mean in view is that sum over the hour's analysed frames) and the peak in one frame; and the
     * hour's first and last capture times, which give the camera's interval. In the frame's own transaction, after its
     * insert took: a resend (nothing inserted) adds nothing, and a rolled-back frame takes its counts with it. Two
     * frames of one camera and hour wait on each other's row lock for the rest of the transaction, a few milliseconds;
     * a camera sends one frame every 5 s.
     */
    static void addToHour(
            DSLContext db, long cameraId, PersistenceEvent event, java.time.Instant capturedAt, ZoneId zone) {
        long distorted = event.status() == FrameStatus.DISTORTED ? 1 : 0;
        java.time.OffsetDateTime captured = capturedAt.atOffset(ZoneOffset.UTC);
        java.time.OffsetDateTime hour = CaptureTimes.hourStart(capturedAt, zone).atOffset(ZoneOffset.UTC);
        var h = HOURLY_COUNTS;
        var insert = db.insertInto(h)
                .set(h.CAMERA_ID, cameraId)
                .set(h.HOUR, hour)
                .set(h.FRAMES, 1L)
                .set(h.DISTORTED_FRAMES, distorted)
                .set(h.FIRST_CAPTURED_AT, captured)
                .set(h.LAST_CAPTURED_AT, captured);
        for (TrafficClass c : TrafficClass.values()) {
            insert = insert.set(HourlyCountsColumns.detections(c), (long)
                            event.counts().get(c))
                    .set(HourlyCountsColumns.peak(c), event.counts().get(c));
        }
        var update = insert.onConflict(h.CAMERA_ID, h.HOUR)
                .doUpdate()
                .set(h.FRAMES, h.FRAMES.plus(1L))
                .set(h.DISTORTED_FRAMES, h.DISTORTED_FRAMES.plus(distorted))
                .set(h.FIRST_CAPTURED_AT, DSL.least(h.FIRST_CAPTURED_AT, DSL.val(captured)))
                .set(h.LAST_CAPTURED_AT, DSL.greatest(h.LAST_CAPTURED_AT, DSL.val(captured)));
        for (TrafficClass c : TrafficClass.values()) {
            int n = event.counts().get(c);
            update = update.set(
                            HourlyCountsColumns.detections(c),
                            HourlyCountsColumns.detections(c).plus((long) n))
                    .set(HourlyCountsColumns.peak(c), DSL.greatest(HourlyCountsColumns.peak(c), DSL.val(n)));
        }
        update.execute();
    }

    /** The event's camera, added if this is its first frame. */
    private static CameraRows.CameraRow cameraOf(DSLContext db, PersistenceEvent event) {
        return CameraRows.rowOf(
                db,
                event.camera().address(),
                event.camera().city(),
                event.camera().country());
    }

    /**
     * When the frame was captured: the name's wall-clock time in the camera's zone, or with the offset the name gives
     * ({@link CaptureTimes}).
     */
    static java.time.Instant capturedAt(PersistenceEvent event, ZoneId zone) {
        ZoneOffset offset;
        try {
            offset = FrameName.offsetOf(event.fileName());
        } catch (InvalidFrameNameException e) {
            throw new IllegalArgumentException("frame " + event.frameId() + ": " + e.getMessage(), e);
        }
        return CaptureTimes.instant(event.capturedAt(), offset, zone, event.receivedAt());
    }
}
