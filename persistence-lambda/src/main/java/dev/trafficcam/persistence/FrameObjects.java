package dev.trafficcam.persistence;

import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The frames bucket: claim checks read and deleted, originals and annotated copies written. */
public class FrameObjects {
    private final S3Client s3;
    private final String bucket;

    public FrameObjects(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The bytes behind a claim check; empty when the object is gone (stored and deleted, or expired). */
    public Optional<byte[]> readClaimCheck(String key) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArrayUnsafe());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    public void put(String key, byte[] bytes, String contentType) {
        s3.putObject(
                b -> b.bucket(bucket).key(key).contentType(contentType).contentLength((long) bytes.length),
                RequestBody.fromBytes(bytes));
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    public String bucket() {
        return bucket;
    }
}
