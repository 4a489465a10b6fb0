package dev.trafficcam.persistence;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/** The frames bucket: claim checks read and deleted, originals and annotated copies written, and erased. */
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

    /**
     * Deletes these objects, a thousand a request (S3's most for {@code DeleteObjects}); a key that is already gone
     * counts as deleted, so running it again changes nothing.
     *
     * @throws IllegalStateException naming the first key S3 could not delete
     */
    public void deleteAll(List<String> keys) {
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> chunk = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            DeleteObjectsResponse response = s3.deleteObjects(
                    b -> b.bucket(bucket).delete(d -> d.objects(chunk).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                var error = response.errors().getFirst();
                throw new IllegalStateException(
                        "S3 did not delete " + response.errors().size() + " object(s), e.g. " + error.key() + ": "
                                + error.code() + " " + error.message());
            }
        }
    }

    public String bucket() {
        return bucket;
    }
}
