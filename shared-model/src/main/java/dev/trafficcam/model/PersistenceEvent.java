package dev.trafficcam.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the inference Lambda hands to the persistence Lambda for one frame (schema version 1). The {@code frameId} is
 * made from the frame itself ({@link FrameIds#forFrame}): the idempotency key and the S3 name. A claim check is always
 * {@code incoming/{frameId}}: the persistence function reads and deletes that object, so an event naming any other key
 * is refused.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for events this code writes
 * @param frameId the frame's id, from its camera, capture time and bytes
 * @param receivedAt when the inference Lambda received the frame
 * @param fileName the decoded file name the camera sent
 * @param camera the camera, from the file name
 * @param capturedAt the camera's local capture time, from the file name
 * @param status DETECTED, or DISTORTED when the image check turned the frame away
 * @param distortion why it was turned away (only when DISTORTED)
 * @param detections what the model found, after filtering (empty when DISTORTED)
 * @param counts per traffic class, always equal to the counts of {@code detections}
 * @param model which endpoint answered and its latency (absent when DISTORTED)
 * @param image the bytes, inline or as a claim check, with size, checksum and dimensions
 * @param people where the model saw people at the (lower) threshold for hiding them, counted or not: the regions the
 *     persistence function blurs before it stores an image (empty when DISTORTED, and in events written before this
 *     field, whose counted people are blurred all the same)
 */
public record PersistenceEvent(
        int schemaVersion,
        UUID frameId,
        Instant receivedAt,
        String fileName,
        Camera camera,
        LocalDateTime capturedAt,
        FrameStatus status,
        Distortion distortion,
        List<Detection> detections,
        TrafficCounts counts,
        ModelInfo model,
        FrameImage image,
        List<BoundingBox> people) {

    public static final int SCHEMA_VERSION = 1;

    public PersistenceEvent {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException(
                    "unsupported schemaVersion " + schemaVersion + "; this code reads version " + SCHEMA_VERSION);
        }
        Objects.requireNonNull(frameId, "frameId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(image, "image");
        if (!image.isInline() && !image.s3Key().equals(S3Keys.claimCheck(frameId))) {
            throw new IllegalArgumentException("the claim check of frame " + frameId + " is "
                    + S3Keys.claimCheck(frameId) + ", not '" + image.s3Key() + "'");
        }
        detections = detections == null ? List.of() : List.copyOf(detections);
        people = people == null ? List.of() : List.copyOf(people);
        counts = counts == null ? TrafficCounts.of(detections) : counts;
        if (!counts.equals(TrafficCounts.of(detections))) {
            throw new IllegalArgumentException(
                    "counts " + counts + " do not match the detections " + TrafficCounts.of(detections));
        }
        if (status == FrameStatus.DISTORTED) {
            Objects.requireNonNull(distortion, "a DISTORTED frame needs its distortion");
            if (!detections.isEmpty() || !people.isEmpty()) {
                throw new IllegalArgumentException("a DISTORTED frame has no detections");
            }
        } else {
            if (distortion != null) {
                throw new IllegalArgumentException("only a DISTORTED frame has a distortion");
            }
            Objects.requireNonNull(model, "a DETECTED frame names its model");
        }
    }

    /** A frame the model looked at. */
    public static PersistenceEvent detected(
            UUID frameId,
            Instant receivedAt,
            FrameName name,
            List<Detection> detections,
            ModelInfo model,
            FrameImage image) {
        return new PersistenceEvent(
                SCHEMA_VERSION,
                frameId,
                receivedAt,
                name.fileName(),
                name.camera(),
                name.capturedAt(),
                FrameStatus.DETECTED,
                null,
                detections,
                TrafficCounts.of(detections),
                model,
                image,
                List.of());
    }

    /** A frame the image check turned away; it is stored all the same, under {@code distorted/}. */
    public static PersistenceEvent distorted(
            UUID frameId, Instant receivedAt, FrameName name, Distortion distortion, FrameImage image) {
        return new PersistenceEvent(
                SCHEMA_VERSION,
                frameId,
                receivedAt,
                name.fileName(),
                name.camera(),
                name.capturedAt(),
                FrameStatus.DISTORTED,
                distortion,
                List.of(),
                TrafficCounts.none(),
                null,
                image,
                List.of());
    }

    /** The same event with its image moved to a claim check. */
    public PersistenceEvent withImage(FrameImage newImage) {
        return new PersistenceEvent(
                schemaVersion,
                frameId,
                receivedAt,
                fileName,
                camera,
                capturedAt,
                status,
                distortion,
                detections,
                counts,
                model,
                newImage,
                people);
    }

    /** The same event with these regions of people to blur. */
    public PersistenceEvent withPeople(List<BoundingBox> regions) {
        return new PersistenceEvent(
                schemaVersion,
                frameId,
                receivedAt,
                fileName,
                camera,
                capturedAt,
                status,
                distortion,
                detections,
                counts,
                model,
                image,
                regions);
    }

    /**
     * Every region to blur: the people counted and those seen at the lower threshold for hiding them. They overlap;
     * blurring a region twice changes nothing that matters.
     */
    public List<BoundingBox> regionsToBlur() {
        List<BoundingBox> regions = new java.util.ArrayList<>(people);
        for (Detection d : detections) {
            if (d.label() == TrafficClass.PERSON && !people.contains(d.box())) {
                regions.add(d.box());
            }
        }
        return List.copyOf(regions);
    }
}
