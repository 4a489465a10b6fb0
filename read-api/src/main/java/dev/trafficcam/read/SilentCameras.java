package dev.trafficcam.read;

import static dev.trafficcam.db.jooq.Tables.CAMERAS;
import static dev.trafficcam.db.jooq.Tables.FRAMES;

import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.model.Camera;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/**
 * Cameras that went silent: they sent frames, and the last one arrived {@code silentAfter} ago or longer. A check asks
 * for those whose last frame arrived in a window ending {@code silentAfter} before its time, so that each silence is
 * named by the check that first sees it and not by every check after: stateless, so that the check needs no table and
 * no write. The window is a little longer than the checks' period, so a check that runs late misses nobody; a camera in
 * the overlap is named twice.
 *
 * <p>Cost: one probe per camera of the index on {@code (camera_id, received_at)} for its newest arrival, not a scan of
 * the frames (docs/PERFORMANCE.md measures it at 100,000 cameras).
 */
public final class SilentCameras {
    private final DatabaseSession session;

    public SilentCameras(DatabaseSession session) {
        this.session = session;
    }

    /** A camera gone silent, with when its last frame arrived. */
    public record Silent(long cameraId, Camera camera, Instant lastSeenAt) {
        /** Whole minutes since the last frame, as of {@code now}. */
        public long minutes(Instant now) {
            return Duration.between(lastSeenAt, now).toMinutes();
        }
    }

    /**
     * The cameras whose last frame arrived in {@code [now - silentAfter - window, now - silentAfter)}, in the order of
     * their place.
     */
    public List<Silent> wentSilent(Instant now, Duration silentAfter, Duration window) {
        return session.inTransaction(db -> query(db, now, silentAfter, window)
                .fetch(r -> new Silent(
                        r.get(CAMERAS.ID.getName(), Long.class),
                        new Camera(
                                r.get(CAMERAS.ADDRESS.getName(), String.class),
                                r.get(CAMERAS.CITY.getName(), String.class),
                                r.get(CAMERAS.COUNTRY.getName(), String.class)),
                        r.get("last_seen", OffsetDateTime.class).toInstant())));
    }

    /**
     * The query, for the scale harness to read its plan: per camera, its newest arrival from the index on
     * {@code (camera_id, received_at)}, kept when it falls in the window.
     */
    public static ResultQuery<? extends Record> query(
            DSLContext db, Instant now, Duration silentAfter, Duration window) {
        OffsetDateTime until = OffsetDateTime.ofInstant(now.minus(silentAfter), ZoneOffset.UTC);
        OffsetDateTime since = until.minus(window);
        var f = FRAMES.as("f");
        Field<OffsetDateTime> lastSeen = DSL.field(
                        DSL.select(DSL.max(f.RECEIVED_AT)).from(f).where(f.CAMERA_ID.eq(CAMERAS.ID)))
                .as("last_seen");
        var cameras = DSL.select(CAMERAS.ID, CAMERAS.ADDRESS, CAMERAS.CITY, CAMERAS.COUNTRY, lastSeen)
                .from(CAMERAS)
                .asTable("c");
        Field<OffsetDateTime> last = cameras.field("last_seen", OffsetDateTime.class);
        return db.selectFrom(cameras)
                .where(last.ge(since), last.lt(until))
                .orderBy(cameras.field(CAMERAS.COUNTRY), cameras.field(CAMERAS.CITY), cameras.field(CAMERAS.ADDRESS));
    }
}
