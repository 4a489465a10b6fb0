package dev.trafficcam.read;

import dev.trafficcam.model.BoundingBox;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.S3Keys;
import dev.trafficcam.model.TrafficClass;
import dev.trafficcam.model.functions.ImagePrivacy;
import dev.trafficcam.model.functions.LogLine;
import dev.trafficcam.support.images.Annotator;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Annotated copies drawn when a frame is asked for, for deployments that store none ({@code annotateOnRead}): the
 * stored frame (already blurred where people are) with the frame's detections drawn on it, kept under
 * {@code drawn/{frameId}.jpg}, which S3 deletes after a day, so that a day of views shares one drawing. A frame that is
 * never opened costs no drawing, no PUT and no storage for its copy (docs/CAPACITY.md, "The annotated copy").
 */
public final class DrawnCopies {
    /** A deployment that stores its copies: nothing to draw. */
    public static final DrawnCopies NONE = new DrawnCopies(null, null, null, s -> {});

    private final S3Client s3;
    private final String bucket;
    private final Annotator annotator;
    private final Consumer<String> log;

    public DrawnCopies(S3Client s3, String bucket, Annotator annotator, Consumer<String> log) {
        this.s3 = s3;
        this.bucket = bucket;
        this.annotator = annotator;
        this.log = log;
    }

    /**
     * The key of the frame's drawn copy, drawn now if it is not there yet; null when there is nothing to draw on or the
     * drawing failed (the frame is then shown without boxes, and the failure logged).
     */
    public String drawnKey(TrafficReader.FrameSummary frame, List<TrafficReader.DetectionRow> detections) {
        if (s3 == null
                || frame.originalKey() == null
                || !ImagePrivacy.ANNOTATED_ON_READ.equals(frame.imagesWithheld())) {
            return null;
        }
        String key = S3Keys.drawn(frame.frameId());
        try {
            try {
                s3.headObject(h -> h.bucket(bucket).key(key));
                return key;
            } catch (NoSuchKeyException e) {
                // not drawn in the last day: draw it
            } catch (S3Exception e) {
                // without s3:ListBucket, which the read role does not have, S3 answers a HEAD of a missing object 403,
                // not 404 (S3 API reference, HeadObject, "Permissions"); a real refusal fails the GET or PUT below
                if (e.statusCode() != 404 && e.statusCode() != 403) {
                    throw e;
                }
            }
            byte[] stored = s3.getObjectAsBytes(g -> g.bucket(bucket).key(frame.originalKey()))
                    .asByteArray();
            byte[] drawn = annotator.annotate(stored, detections(detections));
            s3.putObject(p -> p.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(drawn));
            return key;
        } catch (IOException | RuntimeException e) {
            log.accept(LogLine.of("WARN", "annotated copy not drawn")
                    .with("frameId", frame.frameId().toString())
                    .with("error", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .json());
            return null;
        }
    }

    private static List<Detection> detections(List<TrafficReader.DetectionRow> rows) {
        return rows.stream()
                .map(d -> new Detection(
                        TrafficClass.fromLabel(d.label()),
                        d.score(),
                        new BoundingBox(d.xmin(), d.ymin(), d.xmax(), d.ymax()),
                        d.counted()))
                .toList();
    }
}
