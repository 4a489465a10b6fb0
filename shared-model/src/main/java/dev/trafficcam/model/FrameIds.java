package dev.trafficcam.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Frame ids, made from the frame itself: the same camera, capture time and bytes always give the same id. A camera that
 * sends a frame again (after a time-out, a 502/503/504, a lost answer) gets the id of the first send, and the
 * database's primary key stores the frame once; the hot path looks nothing up.
 *
 * <p>The id is an RFC 9562 version 8 UUID (the "custom" version; its appendix B.2 shows a name-based SHA-256 one), laid
 * out like version 7 so that ids sort by time and index well:
 *
 * <pre>
 *  48 bits  capture time in Unix milliseconds, the camera's local time read as if it were UTC
 *   4 bits  version 8
 *  12 bits  SHA-256 of the frame's identity, its first 12 bits
 *   2 bits  variant (binary 10)
 *  62 bits  the next 62 bits of that SHA-256
 * </pre>
 *
 * The identity hashed is the camera (address, city, country as {@link FrameName} normalises them), the capture time and
 * the SHA-256 of the bytes, each length-prefixed. Frames captured in the same second share the first 48 bits and differ
 * in 74 bits of hash; a clash is caught when the frame is stored (the stored checksum differs), not silently merged.
 */
public final class FrameIds {
    /** Names what is hashed and how, so that another scheme can never produce the same ids. */
    private static final byte[] DOMAIN = "dev.trafficcam frame id v1".getBytes(StandardCharsets.US_ASCII);

    private static final long MILLIS_MASK = 0xFFFF_FFFF_FFFFL;

    private FrameIds() {}

    /**
     * The id of the frame that {@code camera} captured at {@code capturedAt} with these bytes.
     *
     * @param sha256Hex the lower-case hex SHA-256 of the frame's bytes ({@link Checksums#sha256Hex})
     */
    public static UUID forFrame(Camera camera, LocalDateTime capturedAt, String sha256Hex) {
        MessageDigest digest = sha256();
        digest.update(DOMAIN);
        for (String part :
                new String[] {camera.address(), camera.city(), camera.country(), capturedAt.toString(), sha256Hex}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            digest.update(bytes);
        }
        ByteBuffer hash = ByteBuffer.wrap(digest.digest());
        long first = hash.getLong();
        long second = hash.getLong();
        // captures before 1970 wrap around; they still get one stable id each, only not in time order
        long millis = capturedAt.toInstant(ZoneOffset.UTC).toEpochMilli() & MILLIS_MASK;
        long msb = millis << 16 | 0x8000L | (first >>> 52);
        long lsb = 0x8000_0000_0000_0000L | (second >>> 2);
        return new UUID(msb, lsb);
    }

    /** The capture time an id carries (the camera's local time), for ids made by {@link #forFrame}. */
    public static LocalDateTime capturedAtOf(UUID id) {
        if (id.version() != 8) {
            throw new IllegalArgumentException("not a frame id made from its frame (UUID version 8): " + id);
        }
        long millis = id.getMostSignificantBits() >>> 16;
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
