package dev.trafficcam.inference.handoff;

import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.S3Keys;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Puts a frame too large to ride inline in its event under {@code incoming/{frameId}} in the
 * frames bucket; the persistence Lambda reads it from there and deletes it after its commit.
 */
public final class ClaimCheckStore {
    private final Lazy<S3Client> s3;
    private final String bucket;

    /** The S3 client is made on the first claim check: most frames ride inline and never need it. */
    public ClaimCheckStore(Supplier<S3Client> s3, String bucket) {
        this.s3 = new Lazy<>(s3);
        this.bucket = bucket;
    }

    /** Uploads the bytes and returns the key they are under. */
    public String put(UUID frameId, byte[] bytes, ImageFormat format) {
        String key = S3Keys.claimCheck(frameId);
        s3.get().putObject(b -> b.bucket(bucket).key(key).contentType(format.mediaType()).contentLength((long) bytes.length),
                RequestBody.fromBytes(bytes));
        return key;
    }

    public String bucket() {
        return bucket;
    }
}
