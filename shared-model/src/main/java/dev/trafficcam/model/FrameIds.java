package dev.trafficcam.model;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Frame ids: UUID version 7 (RFC 9562), 48 bits of Unix milliseconds then 74 random bits, so
 * ids sort by arrival and index well, and two frames never share one.
 */
public final class FrameIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private FrameIds() {
    }

    public static UUID newFrameId() {
        return uuidV7(System.currentTimeMillis());
    }

    static UUID uuidV7(long unixMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long msb = (unixMillis & 0xFFFF_FFFF_FFFFL) << 16
                | 0x7000L
                | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long lsb = 0x8000_0000_0000_0000L | ((random[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            lsb |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(msb, lsb);
    }

    /** When a version-7 id was made. */
    public static Instant timestampOf(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("not a UUIDv7: " + id);
        }
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }
}
