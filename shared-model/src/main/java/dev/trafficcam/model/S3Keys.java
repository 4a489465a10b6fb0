package dev.trafficcam.model;

import java.util.UUID;

/**
 * Where a frame's objects live in the frames bucket:
 *
 * <pre>
 * frames/{frameId}.{jpg|png}      the original, as the camera sent it
 * annotated/{frameId}.jpg         the copy with boxes and labels drawn on it
 * drawn/{frameId}.jpg             the same, drawn by the read function when none is stored (kept a day)
 * distorted/{frameId}.{jpg|png}   a frame the image check turned away
 * incoming/{frameId}              claim check: a frame too large to ride inline in the event (expires)
 * exports/hourly-counts/date=YYYY-MM-DD/hourly-counts-YYYY-MM-DD.csv   the daily BI export of counts
 * </pre>
 */
public final class S3Keys {
    public static final String FRAMES_PREFIX = "frames/";
    public static final String ANNOTATED_PREFIX = "annotated/";
    public static final String DISTORTED_PREFIX = "distorted/";
    /** Annotated copies the read function drew on request ({@code annotateOnRead}); S3 deletes them after a day. */
    public static final String DRAWN_PREFIX = "drawn/";

    public static final String INCOMING_PREFIX = "incoming/";
    /** The BI export's daily files (read-api CountsExport). */
    public static final String EXPORTS_PREFIX = "exports/";

    private S3Keys() {}

    public static String original(UUID frameId, ImageFormat format) {
        return FRAMES_PREFIX + frameId + "." + format.extension();
    }

    public static String annotated(UUID frameId) {
        return ANNOTATED_PREFIX + frameId + ".jpg";
    }

    public static String drawn(UUID frameId) {
        return DRAWN_PREFIX + frameId + ".jpg";
    }

    public static String distorted(UUID frameId, ImageFormat format) {
        return DISTORTED_PREFIX + frameId + "." + format.extension();
    }

    public static String claimCheck(UUID frameId) {
        return INCOMING_PREFIX + frameId;
    }

    /** Where the frame's own bytes go: {@code frames/} when detected, {@code distorted/} when turned away. */
    public static String stored(PersistenceEvent event) {
        return event.status() == FrameStatus.DISTORTED
                ? distorted(event.frameId(), event.image().contentType())
                : original(event.frameId(), event.image().contentType());
    }
}
