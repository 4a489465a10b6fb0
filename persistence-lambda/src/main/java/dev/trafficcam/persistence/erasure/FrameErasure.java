package dev.trafficcam.persistence.erasure;

import static dev.trafficcam.db.jooq.Tables.DETECTIONS;
import static dev.trafficcam.db.jooq.Tables.ERASURES;
import static dev.trafficcam.db.jooq.Tables.FRAMES;

import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.S3Keys;
import dev.trafficcam.persistence.FrameObjects;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Erasure on request: deletes a camera's images (frame, annotated copy or the copy drawn on read, distorted frame)
 * captured in {@code [from, to)}, camera local time as the frames' names give it, and with {@code detections} also
 * their detection rows, the positions of the people and vehicles. The frame's counts and the hourly rollup stay: they
 * say how many, not who or where.
 *
 * <p>It works in batches of frames: the objects first, then the rows are marked ({@code images_erased_at}) and the
 * detections deleted in one transaction, so a run stopped anywhere leaves nothing that a second run would not finish.
 * The frames still to do are found afresh each batch, so a run is idempotent and resumable without a cursor: a call
 * works until its time budget is spent and says whether it finished; the next call goes on. Every call is recorded in
 * {@code erasures}: who, when, what range, what it deleted.
 */
public final class FrameErasure {
    /** Frames a batch: 2 objects each, within one S3 {@code DeleteObjects} of 1,000 keys. */
    public static final int BATCH = 500;

    /** What to erase, and who asks. */
    public record Request(Camera camera, LocalDateTime from, LocalDateTime to, boolean detections, String requestedBy) {
        public Request {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("the range is empty: from " + from + " is not before to " + to);
            }
        }
    }

    /**
     * What one call deleted.
     *
     * @param frames frames whose images this call erased
     * @param objects object keys deleted
     * @param detectionRows detection rows deleted
     * @param finished nothing in the range is left to erase
     */
    public record Result(Request request, int frames, int objects, int detectionRows, boolean finished) {}

    /** There is no camera of that name: nothing to erase. */
    public static final class UnknownCamera extends RuntimeException {
        public UnknownCamera(Camera camera) {
            super("there is no camera " + camera.address() + ", " + camera.city() + ", " + camera.country());
        }
    }

    private record Frame(UUID id, String originalKey, String annotatedKey, boolean imagesErased) {}

    private final DatabaseSession session;
    private final FrameObjects objects;
    private final Clock clock;
    private final int batch;

    public FrameErasure(DatabaseSession session, FrameObjects objects, Clock clock) {
        this(session, objects, clock, BATCH);
    }

    FrameErasure(DatabaseSession session, FrameObjects objects, Clock clock, int batch) {
        this.session = session;
        this.objects = objects;
        this.clock = clock;
        this.batch = batch;
    }

    /**
     * Erases until the range is done or {@code budget} is spent (at least one batch either way).
     *
     * @throws UnknownCamera when the camera does not exist
     */
    public Result erase(Request request, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        dev.trafficcam.db.CameraRows.CameraRow camera =
                camera(request.camera()).orElseThrow(() -> new UnknownCamera(request.camera()));
        long cameraId = camera.id();
        int frames = 0;
        int deletedObjects = 0;
        int detectionRows = 0;
        boolean finished = false;
        while (true) {
            List<Frame> next = next(camera, request);
            if (next.isEmpty()) {
                finished = true;
                break;
            }
            List<String> keys = new ArrayList<>();
            for (Frame f : next) {
                if (!f.imagesErased()) {
                    if (f.originalKey() != null) {
                        keys.add(f.originalKey());
                    }
                    if (f.annotatedKey() != null) {
                        keys.add(f.annotatedKey());
                    } else if (f.originalKey() != null) {
                        // stored without a copy (annotateOnRead): the one the read function drew in the last day
                        keys.add(S3Keys.drawn(f.id()));
                    }
                }
            }
            // the objects first: a row is marked erased only once its objects are gone
            objects.deleteAll(keys);
            deletedObjects += keys.size();
            List<UUID> ids = next.stream().map(Frame::id).toList();
            int[] done = session.inTransaction(db -> {
                int marked = db.update(FRAMES)
                        .set(FRAMES.IMAGES_ERASED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                        .where(FRAMES.ID.in(ids), FRAMES.IMAGES_ERASED_AT.isNull())
                        .execute();
                int rows = request.detections()
                        ? db.deleteFrom(DETECTIONS)
                                .where(DETECTIONS.FRAME_ID.in(ids))
                                .execute()
                        : 0;
                return new int[] {marked, rows};
            });
            frames += done[0];
            detectionRows += done[1];
            if (System.nanoTime() - deadline > 0) {
                break;
            }
        }
        Result result = new Result(request, frames, deletedObjects, detectionRows, finished);
        record(cameraId, result);
        return result;
    }

    private Optional<dev.trafficcam.db.CameraRows.CameraRow> camera(Camera camera) {
        return session.inTransaction(
                db -> dev.trafficcam.db.CameraRows.known(db, camera.address(), camera.city(), camera.country()));
    }

    /** The next frames in the range with something left to erase, by id. */
    private List<Frame> next(dev.trafficcam.db.CameraRows.CameraRow camera, Request request) {
        // the range is the camera's wall-clock time; its frames are stored as instants
        java.time.OffsetDateTime from = request.from().atZone(camera.timeZone()).toOffsetDateTime();
        java.time.OffsetDateTime to = request.to().atZone(camera.timeZone()).toOffsetDateTime();
        return session.inTransaction(db -> {
            Condition left = FRAMES.IMAGES_ERASED_AT.isNull();
            if (request.detections()) {
                left = left.or(DSL.exists(DSL.selectOne().from(DETECTIONS).where(DETECTIONS.FRAME_ID.eq(FRAMES.ID))));
            }
            return db.select(FRAMES.ID, FRAMES.ORIGINAL_KEY, FRAMES.ANNOTATED_KEY, FRAMES.IMAGES_ERASED_AT)
                    .from(FRAMES)
                    .where(
                            FRAMES.CAMERA_ID.eq(camera.id()),
                            FRAMES.CAPTURED_AT.ge(from),
                            FRAMES.CAPTURED_AT.lt(to),
                            left)
                    .orderBy(FRAMES.ID)
                    .limit(batch)
                    .fetch(r -> new Frame(r.value1(), r.value2(), r.value3(), r.value4() != null));
        });
    }

    private void record(long cameraId, Result result) {
        Request r = result.request();
        session.inTransaction(db -> db.insertInto(ERASURES)
                .set(ERASURES.CAMERA_ID, cameraId)
                .set(ERASURES.CAPTURED_FROM, r.from())
                .set(ERASURES.CAPTURED_TO, r.to())
                .set(ERASURES.DETECTIONS, r.detections())
                .set(ERASURES.REQUESTED_BY, r.requestedBy())
                .set(ERASURES.REQUESTED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .set(ERASURES.FRAMES, result.frames())
                .set(ERASURES.OBJECTS, result.objects())
                .set(ERASURES.DETECTION_ROWS, result.detectionRows())
                .set(ERASURES.FINISHED, result.finished())
                .execute());
    }
}
