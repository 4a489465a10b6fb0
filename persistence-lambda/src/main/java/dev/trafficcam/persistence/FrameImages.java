package dev.trafficcam.persistence;

import dev.trafficcam.model.BoundingBox;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.DistortionReason;
import dev.trafficcam.model.FrameStatus;
import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.InvalidEventException;
import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.S3Keys;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.support.images.Annotator;
import dev.trafficcam.support.images.Encoding;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * What of a frame is stored, and how, under the deployment's {@link ImagePrivacy}: the frame (blurred where people are,
 * or not at all when originals are not kept) and the annotated copy drawn on the blurred frame. Nothing unblurred is
 * ever returned while blurring is on: a frame that cannot be decoded or encoded again has its images withheld, with the
 * reason, and its row and counts are stored all the same.
 */
public final class FrameImages {
    /** Distortions whose frame decodes as an image, so that it can be blurred whole. */
    private static final Set<DistortionReason> DECODABLE = EnumSet.of(
            DistortionReason.BLANK,
            DistortionReason.UNDEREXPOSED,
            DistortionReason.OVEREXPOSED,
            DistortionReason.BLURRED);

    public static final String AS_SENT = "as-sent";
    public static final String PEOPLE_BLURRED = "people-blurred";
    public static final String WHOLE_FRAME_BLURRED = "whole-frame-blurred";
    /** Nothing stored, so nothing done to an image ({@code images_withheld} says why; V11). */
    public static final String NO_IMAGE = "no-image";

    public static final String ORIGINALS_NOT_KEPT = "originals-not-kept";

    /** One object to write. */
    public record StoredObject(String key, byte[] bytes, String contentType) {}

    /**
     * What to store for one frame.
     *
     * @param original the frame, or null when it is not stored
     * @param annotated the annotated copy, or null
     * @param privacy {@link #AS_SENT}, {@link #PEOPLE_BLURRED}, {@link #WHOLE_FRAME_BLURRED}, or {@link #NO_IMAGE} when
     *     neither image is stored
     * @param blurredRegions how many regions of people were blurred
     * @param withheld why an image is not stored, or null
     */
    public record Stored(
            StoredObject original, StoredObject annotated, String privacy, int blurredRegions, String withheld) {
        public String originalKey() {
            return original == null ? null : original.key();
        }

        public String annotatedKey() {
            return annotated == null ? null : annotated.key();
        }

        public List<StoredObject> objects() {
            List<StoredObject> objects = new ArrayList<>(2);
            if (original != null) {
                objects.add(original);
            }
            if (annotated != null) {
                objects.add(annotated);
            }
            return objects;
        }
    }

    private final ImagePrivacy privacy;
    private final Annotator annotator;

    public FrameImages(ImagePrivacy privacy, Annotator annotator) {
        this.privacy = privacy;
        this.annotator = annotator;
    }

    public ImagePrivacy privacy() {
        return privacy;
    }

    /**
     * A frame whose camera's window has its images in another frame ({@link ImagePrivacy#imageEverySeconds}): its row
     * and counts are stored, no object, and nothing is decoded.
     */
    public Stored sampledOut() {
        return new Stored(null, null, NO_IMAGE, 0, privacy.sampledReason());
    }

    /** @param bytes the camera's bytes, checked against the event's checksum */
    public Stored prepare(PersistenceEvent event, byte[] bytes) {
        return event.status() == FrameStatus.DISTORTED ? distorted(event, bytes) : detected(event, bytes);
    }

    private Stored distorted(PersistenceEvent event, byte[] bytes) {
        String key = S3Keys.stored(event);
        ImageFormat format = event.image().contentType();
        if (!privacy.keepOriginals()) {
            return new Stored(null, null, NO_IMAGE, 0, ORIGINALS_NOT_KEPT);
        }
        if (!privacy.blurPeople()) {
            return new Stored(new StoredObject(key, bytes, format.mediaType()), null, AS_SENT, 0, null);
        }
        DistortionReason reason = event.distortion().reason();
        if (!DECODABLE.contains(reason)) {
            // not decoded on purpose: the check turned it away as no image, a broken one, or too large to decode safely
            return new Stored(null, null, NO_IMAGE, 0, "cannot-blur: a " + reason.code() + " frame is not decoded");
        }
        try {
            BufferedImage blurred = PeopleBlur.wholeFrame(decode(bytes));
            return new Stored(
                    new StoredObject(key, Encoding.encode(blurred, format), format.mediaType()),
                    null,
                    WHOLE_FRAME_BLURRED,
                    0,
                    null);
        } catch (IOException e) {
            return new Stored(null, null, NO_IMAGE, 0, "cannot-blur: " + e.getMessage());
        }
    }

    private Stored detected(PersistenceEvent event, byte[] bytes) {
        ImageFormat format = event.image().contentType();
        String originalKey = S3Keys.original(event.frameId(), format);
        String annotatedKey = S3Keys.annotated(event.frameId());
        List<BoundingBox> regions = privacy.blurPeople() ? event.regionsToBlur() : List.of();
        BufferedImage frame;
        try {
            frame = decode(bytes);
        } catch (IOException e) {
            if (privacy.blurPeople()) {
                return new Stored(null, null, NO_IMAGE, 0, "cannot-blur: " + e.getMessage());
            }
            throw new InvalidEventException("frame " + event.frameId() + " cannot be annotated: " + e.getMessage(), e);
        }
        try {
            BufferedImage shown = regions.isEmpty() ? frame : PeopleBlur.regions(frame, regions);
            String done = !privacy.blurPeople() ? AS_SENT : PEOPLE_BLURRED;
            StoredObject original = null;
            String withheld = null;
            if (privacy.keepOriginals()) {
                // with nobody to hide, the camera's own bytes: no second JPEG generation
                byte[] stored = regions.isEmpty() ? bytes : Encoding.encode(shown, format);
                original = new StoredObject(originalKey, stored, format.mediaType());
            } else {
                withheld = ORIGINALS_NOT_KEPT;
                shown = reduced(shown, ImagePrivacy.REDUCED_LONG_SIDE);
            }
            if (privacy.annotateOnRead()) {
                // the read function draws the copy on the stored frame when someone asks (keepOriginals is on)
                return new Stored(original, null, done, regions.size(), ImagePrivacy.ANNOTATED_ON_READ);
            }
            byte[] annotated = annotator.annotate(shown, scaled(event, shown.getWidth() / (double) frame.getWidth()));
            return new Stored(
                    original,
                    new StoredObject(annotatedKey, annotated, ImageFormat.JPEG.mediaType()),
                    done,
                    regions.size(),
                    withheld);
        } catch (IOException | RuntimeException e) {
            if (!privacy.blurPeople()) {
                throw new InvalidEventException(
                        "frame " + event.frameId() + " cannot be annotated: " + e.getMessage(), e);
            }
            return new Stored(null, null, NO_IMAGE, 0, "cannot-blur: " + e.getMessage());
        }
    }

    private static List<Detection> scaled(PersistenceEvent event, double factor) {
        if (factor == 1.0) {
            return event.detections();
        }
        return event.detections().stream()
                .map(d -> new Detection(
                        d.label(),
                        d.score(),
                        new BoundingBox(
                                (int) Math.round(d.box().xmin() * factor),
                                (int) Math.round(d.box().ymin() * factor),
                                (int) Math.round(d.box().xmax() * factor),
                                (int) Math.round(d.box().ymax() * factor))))
                .toList();
    }

    private static BufferedImage reduced(BufferedImage image, int longSide) {
        int longest = Math.max(image.getWidth(), image.getHeight());
        if (longest <= longSide) {
            return image;
        }
        double factor = longSide / (double) longest;
        int w = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return small;
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException("the frame is not an image ImageIO can decode");
        }
        return image;
    }
}
