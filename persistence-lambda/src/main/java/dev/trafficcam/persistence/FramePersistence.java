package dev.trafficcam.persistence;

import dev.trafficcam.model.Checksums;
import dev.trafficcam.model.FrameIds;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidEventException;
import dev.trafficcam.model.InvalidFrameNameException;
import dev.trafficcam.model.PersistenceEvent;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores one frame, once. In order: the objects in S3 (the frame under {@code frames/} or {@code distorted/}, the
 * annotated copy under {@code annotated/}, each with its people blurred first: {@link FrameImages}; none when another
 * frame has its camera's window: {@link FrameRepository#imageDue}), then the rows in one transaction, then the claim
 * check is deleted. So the database never points at a missing object, and running the same event again, or twice at
 * once, changes nothing.
 *
 * <p>Failures that a retry may cure (S3, the database) are thrown as they are, so Lambda retries and finally routes the
 * event to the failure queue; an event that can never be stored throws {@link InvalidEventException}.
 */
public final class FramePersistence {

    /** What a call did. */
    public enum Outcome {
        STORED,
        ALREADY_STORED
    }

    private final FrameObjects objects;
    private final FrameRepository frames;
    private final FrameImages images;

    public FramePersistence(FrameObjects objects, FrameRepository frames, FrameImages images) {
        this.objects = objects;
        this.frames = frames;
        this.images = images;
    }

    public Outcome persist(PersistenceEvent event) {
        derivable(event);
        String claimCheck = event.image().s3Key();
        if (alreadyStored(event)) {
            deleteClaimCheck(claimCheck); // an earlier delivery committed but may not have got this far
            return Outcome.ALREADY_STORED;
        }
        Optional<byte[]> image = image(event);
        if (image.isEmpty()) {
            // A resend or a retry of this frame stored it and deleted the claim check after this run looked.
            if (alreadyStored(event)) {
                return Outcome.ALREADY_STORED;
            }
            throw new InvalidEventException("frame " + event.frameId() + ": the claim check s3://" + objects.bucket()
                    + "/" + claimCheck + " does not exist (expired?)");
        }
        // blurred (or withheld) here, before anything is written: the camera's bytes reach no stored object
        FrameImages.Stored prepared =
                frames.imageDue(event, images.privacy()) ? images.prepare(event, image.get()) : images.sampledOut();
        for (FrameImages.StoredObject object : prepared.objects()) {
            objects.put(object.key(), object.bytes(), object.contentType());
        }
        boolean stored = frames.insert(event, prepared);
        if (!stored) {
            alreadyStored(event); // stored concurrently: the same frame (a resend), or a clash, which it reports
        }
        deleteClaimCheck(claimCheck);
        return stored ? Outcome.STORED : Outcome.ALREADY_STORED;
    }

    /**
     * The event's camera, capture time and frame id must be what its file name and image make them: an event is not
     * trusted for them, since a replay forwards whatever the failure queue holds. The image's checksum is checked
     * against its bytes before anything is stored ({@link #image}).
     */
    private static void derivable(PersistenceEvent event) {
        FrameName name;
        try {
            name = FrameName.parse(event.fileName());
        } catch (InvalidFrameNameException e) {
            throw new InvalidEventException(
                    "frame " + event.frameId() + ": its file name does not parse: " + e.getMessage(), e);
        }
        if (!name.camera().equals(event.camera()) || !name.capturedAt().equals(event.capturedAt())) {
            throw new InvalidEventException("frame " + event.frameId() + ": the file name " + event.fileName()
                    + " names " + name.camera() + " at " + name.capturedAt() + ", not the event's " + event.camera()
                    + " at " + event.capturedAt());
        }
        UUID expected = FrameIds.forFrame(
                name.camera(), name.capturedAt(), event.image().sha256());
        if (!expected.equals(event.frameId())) {
            throw new InvalidEventException("frame id " + event.frameId() + " is not the one its camera, capture time"
                    + " and image make (" + expected + ")");
        }
    }

    /**
     * Whether this frame is stored. A frame stored under the event's id with other bytes is an id clash (two frames of
     * one camera and second whose hashes share 74 bits): never merged, the event is refused as invalid and so kept on
     * the failure queue for an operator.
     */
    private boolean alreadyStored(PersistenceEvent event) {
        Optional<String> stored = frames.storedSha256(event.frameId());
        if (stored.isPresent() && !stored.get().equals(event.image().sha256())) {
            throw new InvalidEventException("frame id " + event.frameId() + " is taken by a frame with sha256 "
                    + stored.get() + "; this event's frame has sha256 "
                    + event.image().sha256() + " (an id clash, kept for an operator)");
        }
        return stored.isPresent();
    }

    /**
     * The frame's bytes, inline or from the claim check (empty when that is gone), checked against the event's SHA-256.
     */
    private Optional<byte[]> image(PersistenceEvent event) {
        byte[] bytes;
        if (event.image().isInline()) {
            try {
                bytes = Base64.getDecoder().decode(event.image().data());
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(
                        "frame " + event.frameId() + " carries image data that is not base64", e);
            }
        } else {
            Optional<byte[]> read = objects.readClaimCheck(event.image().s3Key());
            if (read.isEmpty()) {
                return read;
            }
            bytes = read.get();
        }
        String actual = Checksums.sha256Hex(bytes);
        if (!actual.equals(event.image().sha256())
                || bytes.length != event.image().sizeBytes()) {
            throw new InvalidEventException(
                    "frame " + event.frameId() + ": the image (" + bytes.length + " bytes, sha256 "
                            + actual + ") is not the one the event describes ("
                            + event.image().sizeBytes() + " bytes, sha256 "
                            + event.image().sha256() + ")");
        }
        return Optional.of(bytes);
    }

    private void deleteClaimCheck(String key) {
        if (key != null) {
            objects.delete(key);
        }
    }
}
