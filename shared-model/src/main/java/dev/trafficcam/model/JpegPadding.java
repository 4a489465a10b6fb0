package dev.trafficcam.model;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * A real JPEG grown to an exact size with comment (COM) segments right after its start-of-image marker, which decoders
 * skip: the same picture, as many bytes as a test or a load run needs (the largest frame that rides inline, one byte
 * more). The filler is random, so two sizes of one picture have different checksums and are different frames.
 */
public final class JpegPadding {
    private static final int SEGMENT_OVERHEAD = 4; // marker FF FE and a two-byte length
    private static final int MAX_SEGMENT_DATA = 65_533;

    private JpegPadding() {}

    public static byte[] padTo(byte[] jpeg, int size, long seed) {
        if (jpeg.length < 2 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG (no start-of-image marker)");
        }
        int missing = size - jpeg.length;
        if (missing != 0 && missing < SEGMENT_OVERHEAD + 1) {
            throw new IllegalArgumentException(
                    "a comment segment takes at least 5 bytes; cannot grow " + jpeg.length + " bytes to " + size);
        }
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write(jpeg, 0, 2);
        while (missing > 0) {
            int data = Math.min(missing - SEGMENT_OVERHEAD, MAX_SEGMENT_DATA);
            if (missing - SEGMENT_OVERHEAD - data > 0 && missing - SEGMENT_OVERHEAD - data < SEGMENT_OVERHEAD + 1) {
                data -= SEGMENT_OVERHEAD + 1; // leave room for one more whole segment
            }
            out.write(0xFF);
            out.write(0xFE);
            out.write((data + 2) >> 8);
            out.write((data + 2) & 0xFF);
            byte[] filler = new byte[data];
            random.nextBytes(filler);
            out.write(filler, 0, data);
            missing -= data + SEGMENT_OVERHEAD;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
