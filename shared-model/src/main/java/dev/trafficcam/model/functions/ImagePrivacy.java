package dev.trafficcam.model.functions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * What the pipeline keeps of a camera's images, one deployment setting each, with the same name in the CDK context
 * ({@code -c blurPeople=false}) and the local pipeline ({@code ./run-local --blur-people=false}); the functions read
 * them from their environment.
 *
 * @param blurPeople people are made unrecognisable in every image stored (the original, the annotated copy, a distorted
 *     frame) before it is written; on by default. Off is an explicit choice: stored images then show faces.
 * @param keepOriginals the camera's frame is stored under {@code frames/}; off, only the annotated copy is kept, at
 *     reduced resolution ({@link #REDUCED_LONG_SIDE}), for deployments that must not keep number plates (a COCO
 *     detector finds none to blur)
 * @param imageRetentionDays how long images are kept (the S3 lifecycle rule on {@code frames/}, {@code annotated/},
 *     {@code distorted/}); rows and counts stay
 * @param annotateOnRead no annotated copy is stored: the read function draws one on the stored frame when a frame is
 *     asked for, and keeps it a day under {@code drawn/} ({@link #DRAWN_DAYS}). Most frames are never looked at, and
 *     each stored copy is a PUT and ~95 KB (docs/CAPACITY.md). Needs {@code keepOriginals}, the frame it draws on; off
 *     by default
 * @param imageEverySeconds 0 (the default): every frame's images are stored. Above 0: a camera's images are stored for
 *     the first of its frames in each window of that many seconds to be stored (windows start on multiples of it since
 *     the epoch, so 60 is each UTC minute), and the other frames keep their rows, detections and counts but no image
 *     ({@link #SAMPLED}). Counts still come from every frame; S3 PUTs and storage fall to one frame in
 *     {@code imageEverySeconds / period}, and so do the images of people kept (docs/CAPACITY.md, docs/PRIVACY.md)
 */
public record ImagePrivacy(
        boolean blurPeople,
        boolean keepOriginals,
        int imageRetentionDays,
        boolean annotateOnRead,
        int imageEverySeconds) {
    public static final String BLUR_PEOPLE = "BLUR_PEOPLE";
    public static final String KEEP_ORIGINALS = "KEEP_ORIGINALS";
    public static final String IMAGE_RETENTION_DAYS = "IMAGE_RETENTION_DAYS";
    public static final String ANNOTATE_ON_READ = "ANNOTATE_ON_READ";
    public static final String IMAGE_EVERY_SECONDS = "IMAGE_EVERY_SECONDS";

    /** A day: a longer window keeps so few images that they show nothing of the traffic. */
    public static final int MAX_IMAGE_EVERY_SECONDS = 86_400;

    /**
     * Why a frame has no image under {@link #imageEverySeconds} ({@code frames.images_withheld}): another frame of its
     * camera's window has them; followed by the window, e.g. {@code sampled: one image every 60 s a camera}.
     */
    public static final String SAMPLED = "sampled";

    /** How long a copy drawn on read is kept: a day of views share one drawing, then S3 deletes it. */
    public static final int DRAWN_DAYS = 1;

    /**
     * Why a frame stored under {@link #annotateOnRead} has no annotated copy ({@code frames.images_withheld}): the read
     * function draws one on its stored frame when asked.
     */
    public static final String ANNOTATED_ON_READ = "annotated-on-read";

    /** A month: long enough to look into a complaint or an incident, short enough to keep storage bounded. */
    public static final int DEFAULT_RETENTION_DAYS = 30;

    /** Ten years: S3 takes more, but a longer period is not retention. */
    public static final int MAX_RETENTION_DAYS = 3650;

    /**
     * The annotated copy's longer side when no original is kept: enough to check a count, too few pixels for a plate.
     */
    public static final int REDUCED_LONG_SIDE = 640;

    public static final ImagePrivacy DEFAULT = new ImagePrivacy(true, true, DEFAULT_RETENTION_DAYS, false, 0);

    public ImagePrivacy {
        if (imageRetentionDays < 1 || imageRetentionDays > MAX_RETENTION_DAYS) {
            throw new IllegalArgumentException(
                    "imageRetentionDays must be 1 to " + MAX_RETENTION_DAYS + " days, got " + imageRetentionDays);
        }
        if (annotateOnRead && !keepOriginals) {
            throw new IllegalArgumentException(
                    "annotateOnRead=true needs keepOriginals=true: the annotated copy is drawn"
                            + " on the stored frame, and with keepOriginals=false the annotated copy is all that is stored");
        }
        if (imageEverySeconds < 0 || imageEverySeconds > MAX_IMAGE_EVERY_SECONDS) {
            throw new IllegalArgumentException("imageEverySeconds must be 0 (every frame) or 1 to "
                    + MAX_IMAGE_EVERY_SECONDS + " seconds, got " + imageEverySeconds);
        }
    }

    /** Annotated copies stored with every frame. */
    public ImagePrivacy(boolean blurPeople, boolean keepOriginals, int imageRetentionDays) {
        this(blurPeople, keepOriginals, imageRetentionDays, false, 0);
    }

    /** Images stored for every frame. */
    public ImagePrivacy(boolean blurPeople, boolean keepOriginals, int imageRetentionDays, boolean annotateOnRead) {
        this(blurPeople, keepOriginals, imageRetentionDays, annotateOnRead, 0);
    }

    public ImagePrivacy withBlurPeople(boolean on) {
        return new ImagePrivacy(on, keepOriginals, imageRetentionDays, annotateOnRead, imageEverySeconds);
    }

    public ImagePrivacy withKeepOriginals(boolean on) {
        return new ImagePrivacy(blurPeople, on, imageRetentionDays, annotateOnRead, imageEverySeconds);
    }

    public ImagePrivacy withImageRetentionDays(int days) {
        return new ImagePrivacy(blurPeople, keepOriginals, days, annotateOnRead, imageEverySeconds);
    }

    public ImagePrivacy withAnnotateOnRead(boolean on) {
        return new ImagePrivacy(blurPeople, keepOriginals, imageRetentionDays, on, imageEverySeconds);
    }

    public ImagePrivacy withImageEverySeconds(int seconds) {
        return new ImagePrivacy(blurPeople, keepOriginals, imageRetentionDays, annotateOnRead, seconds);
    }

    /** Whether every frame's images are stored ({@link #imageEverySeconds} 0). */
    public boolean everyFrame() {
        return imageEverySeconds == 0;
    }

    /** What {@code frames.images_withheld} says of a frame whose window's images another frame has. */
    public String sampledReason() {
        return SAMPLED + ": one image every " + imageEverySeconds + " s a camera";
    }

    /**
     * The start of the window a frame captured at {@code capturedAt} falls in: the latest multiple of
     * {@link #imageEverySeconds} since the epoch at or before it. Only with {@code imageEverySeconds} above 0.
     */
    public Instant imageWindowStart(Instant capturedAt) {
        if (everyFrame()) {
            throw new IllegalStateException("every frame's images are stored: there are no windows");
        }
        long second = capturedAt.getEpochSecond();
        return Instant.ofEpochSecond(Math.floorDiv(second, imageEverySeconds) * (long) imageEverySeconds);
    }

    /** The settings from a function's environment; a bad value is noted on {@code env} for its check. */
    public static ImagePrivacy from(FunctionEnvironment env) {
        boolean blur = flag(env, BLUR_PEOPLE, DEFAULT.blurPeople());
        boolean originals = flag(env, KEEP_ORIGINALS, DEFAULT.keepOriginals());
        int days = env.integer(IMAGE_RETENTION_DAYS, DEFAULT_RETENTION_DAYS);
        if (days < 1 || days > MAX_RETENTION_DAYS) {
            env.problem(IMAGE_RETENTION_DAYS + " must be 1 to " + MAX_RETENTION_DAYS + ", got " + days);
            days = DEFAULT_RETENTION_DAYS;
        }
        boolean onRead = flag(env, ANNOTATE_ON_READ, DEFAULT.annotateOnRead());
        if (onRead && !originals) {
            env.problem(ANNOTATE_ON_READ + "=true needs " + KEEP_ORIGINALS + "=true");
            onRead = false;
        }
        int every = env.integer(IMAGE_EVERY_SECONDS, 0);
        if (every < 0 || every > MAX_IMAGE_EVERY_SECONDS) {
            env.problem(IMAGE_EVERY_SECONDS + " must be 0 to " + MAX_IMAGE_EVERY_SECONDS + ", got " + every);
            every = 0;
        }
        return new ImagePrivacy(blur, originals, days, onRead, every);
    }

    private static boolean flag(FunctionEnvironment env, String name, boolean fallback) {
        return Boolean.parseBoolean(env.oneOf(name, String.valueOf(fallback), java.util.List.of("true", "false")));
    }

    /** The persistence function's variables. */
    public Map<String, String> storing() {
        return Map.of(
                BLUR_PEOPLE,
                String.valueOf(blurPeople),
                KEEP_ORIGINALS,
                String.valueOf(keepOriginals),
                ANNOTATE_ON_READ,
                String.valueOf(annotateOnRead),
                IMAGE_EVERY_SECONDS,
                String.valueOf(imageEverySeconds));
    }

    /** The read function's variable. */
    public Map<String, String> reading() {
        return Map.of(IMAGE_RETENTION_DAYS, String.valueOf(imageRetentionDays));
    }

    /**
     * When S3 expires an image written at {@code storedAt}: the lifecycle rule's days added to the object's creation
     * time, rounded up to the next midnight UTC (S3 user guide, "Lifecycle configuration elements", "Lifecycle rules:
     * Based on an object's age"). S3 may remove the object somewhat later; from then on it is not billed and the read
     * API no longer links to it.
     */
    public Instant imagesExpireAt(Instant storedAt) {
        return expiry(storedAt, imageRetentionDays);
    }

    /** When S3 expires a copy the read function drew at {@code drawnAt}: the same rule, {@link #DRAWN_DAYS}. */
    public static Instant drawnExpireAt(Instant drawnAt) {
        return expiry(drawnAt, DRAWN_DAYS);
    }

    private static Instant expiry(Instant storedAt, int days) {
        LocalDate day = storedAt.plus(java.time.Duration.ofDays(days))
                .atZone(ZoneOffset.UTC)
                .toLocalDate();
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
