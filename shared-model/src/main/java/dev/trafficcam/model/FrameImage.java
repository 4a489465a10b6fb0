package dev.trafficcam.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The frame's bytes as the persistence event carries them: either inline ({@code data}, base64) or as an S3 claim check
 * ({@code s3Key}, {@code incoming/{frameId}}), never both.
 *
 * @param contentType the format the camera declared (and the image check confirmed, unless distorted)
 * @param sizeBytes the number of bytes the camera sent
 * @param sha256 hex SHA-256 of those bytes, to check the stored copy
 * @param width pixel width from the image header, or null when the header could not be read
 * @param height pixel height from the image header, or null when the header could not be read
 * @param data the bytes, base64, when inline
 * @param s3Key the claim-check key in the frames bucket, when not inline
 */
public record FrameImage(
        @JsonProperty("contentType") ImageFormat contentType,
        long sizeBytes,
        String sha256,
        Integer width,
        Integer height,
        String data,
        String s3Key) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public FrameImage {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(sha256, "sha256");
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative");
        }
        if ((data == null) == (s3Key == null)) {
            throw new IllegalArgumentException(
                    "an image is either inline (data) or a claim check (s3Key), exactly one");
        }
    }

    public static FrameImage inline(ImageFormat format, byte[] bytes, String sha256, Integer width, Integer height) {
        return new FrameImage(
                format, bytes.length, sha256, width, height, Base64.getEncoder().encodeToString(bytes), null);
    }

    public static FrameImage claimCheck(
            ImageFormat format, long sizeBytes, String sha256, Integer width, Integer height, String s3Key) {
        return new FrameImage(format, sizeBytes, sha256, width, height, null, s3Key);
    }

    /** This image's metadata pointing at a claim check instead of carrying the bytes. */
    public FrameImage asClaimCheck(String key) {
        return new FrameImage(contentType, sizeBytes, sha256, width, height, null, key);
    }

    public boolean isInline() {
        return data != null;
    }
}
