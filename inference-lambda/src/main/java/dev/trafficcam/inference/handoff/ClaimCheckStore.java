package dev.trafficcam.inference.handoff;

import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.S3Keys;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Puts a frame too large to ride inline in its event under {@code incoming/{frameId}} in the frames bucket; the
 * persistence Lambda reads it from there and deletes it after its commit.
 */
public final class ClaimCheckStore {
    private final Lazy<S3ObjectPut> s3;
    private final String bucket;

    /** The S3 put is made on the first claim check: most frames ride inline and never need it. */
    public ClaimCheckStore(Supplier<S3ObjectPut> s3, String bucket) {
        this.s3 = new Lazy<>(s3);
        this.bucket = bucket;
    }

    /** Uploads the bytes and returns the key they are under. */
    public String put(UUID frameId, byte[] bytes, ImageFormat format) {
        String key = S3Keys.claimCheck(frameId);
        s3.get().put(bucket, key, format.mediaType(), bytes);
        return key;
    }

    public String bucket() {
        return bucket;
    }
}
