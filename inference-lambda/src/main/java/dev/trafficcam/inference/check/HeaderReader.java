package dev.trafficcam.inference.check;

import dev.trafficcam.model.DistortionReason;
import dev.trafficcam.model.ImageFormat;
import java.nio.charset.StandardCharsets;

/**
 * Reads width and height from a JPEG's frame header (SOFn) or a PNG's IHDR chunk, and checks that the stream ends as it
 * should (JPEG EOI, PNG IEND). Nothing here decodes pixels, so a decompression bomb is turned away before it costs
 * memory.
 */
final class HeaderReader {
    /** Trailing bytes searched for the end marker: some encoders pad files after it. */
    private static final int TRAILER_WINDOW = 64;

    private HeaderReader() {}

    /** Thrown with the distortion reason when a header is cut short or malformed. */
    static final class BadHeader extends Exception {
        final DistortionReason reason;

        BadHeader(DistortionReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    static ImageHeader read(byte[] b, ImageFormat format) throws BadHeader {
        return format == ImageFormat.JPEG ? jpeg(b) : png(b);
    }

    static boolean complete(byte[] b, ImageFormat format) {
        return format == ImageFormat.JPEG ? hasJpegEnd(b) : hasPngEnd(b);
    }

    private static ImageHeader jpeg(byte[] b) throws BadHeader {
        int i = 2; // after SOI
        while (true) {
            // markers are 0xFF, optional 0xFF fill bytes, then the marker code
            if (i >= b.length) {
                throw new BadHeader(DistortionReason.TRUNCATED, "the JPEG ends before its frame header");
            }
            if ((b[i] & 0xFF) != 0xFF) {
                throw new BadHeader(
                        DistortionReason.CORRUPT, "the JPEG has no marker where one is due (offset " + i + ")");
            }
            while (i < b.length && (b[i] & 0xFF) == 0xFF) {
                i++;
            }
            if (i >= b.length) {
                throw new BadHeader(DistortionReason.TRUNCATED, "the JPEG ends before its frame header");
            }
            int marker = b[i++] & 0xFF;
            if (marker == 0xD9 || marker == 0xDA) {
                throw new BadHeader(DistortionReason.CORRUPT, "the JPEG has no frame header before its image data");
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // stand-alone markers carry no length
            }
            if (i + 2 > b.length) {
                throw new BadHeader(DistortionReason.TRUNCATED, "the JPEG ends inside a marker segment");
            }
            int length = u16(b, i);
            if (length < 2) {
                throw new BadHeader(
                        DistortionReason.CORRUPT, "the JPEG has a marker segment of impossible length " + length);
            }
            boolean startOfFrame =
                    marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (i + 7 > b.length) {
                    throw new BadHeader(DistortionReason.TRUNCATED, "the JPEG ends inside its frame header");
                }
                int height = u16(b, i + 3);
                int width = u16(b, i + 5);
                return new ImageHeader(ImageFormat.JPEG, width, height);
            }
            i += length;
        }
    }

    private static ImageHeader png(byte[] b) throws BadHeader {
        // signature (8), then the first chunk must be IHDR: length (4) = 13, type (4), width (4), height (4)
        if (b.length < 8 + 8 + 13) {
            throw new BadHeader(DistortionReason.TRUNCATED, "the PNG ends before its IHDR header");
        }
        if (u32(b, 8) != 13 || !"IHDR".equals(new String(b, 12, 4, StandardCharsets.US_ASCII))) {
            throw new BadHeader(DistortionReason.CORRUPT, "the PNG does not start with an IHDR chunk");
        }
        long width = u32(b, 16);
        long height = u32(b, 20);
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new BadHeader(
                    DistortionReason.DIMENSIONS_OUT_OF_BOUNDS,
                    "the PNG header claims " + width + "x" + height + " pixels");
        }
        return new ImageHeader(ImageFormat.PNG, (int) width, (int) height);
    }

    /**
     * The most scans (SOS segments) a JPEG may have. A decoder's work grows with the scans, not only the pixels: a
     * progressive JPEG of a few thousand tiny scans keeps a decoder busy for minutes within the pixel cap
     * (libjpeg-turbo, "Two Issues with the JPEG Standard", on CVE-2019-13960 and the progressive-scan denial of
     * service; NVIDIA's nvImageCodec caps them at 256 for that reason, {@code NVIMGCODEC_MAX_JPEG_SCANS}). A baseline
     * JPEG has one scan, libjpeg's standard progressive script ten ({@code jpeg_simple_progression}); 64 leaves room
     * for any camera's encoder and none for an attack.
     */
    static final int MAX_JPEG_SCANS = 64;

    /**
     * Counts a JPEG's scans without decoding them, stopping at {@code limit + 1}: marker segments are skipped by their
     * length, and entropy-coded data is walked to its next marker (0xFF then 0x00 is a stuffed byte, 0xFF then
     * 0xD0..0xD7 a restart marker; anything else ends the scan).
     */
    static int jpegScans(byte[] b, int limit) {
        int scans = 0;
        int i = 2; // after SOI
        while (i + 1 < b.length && scans <= limit) {
            if ((b[i] & 0xFF) != 0xFF) {
                return scans; // not a marker where one is due: the decoder's problem, reported as corrupt there
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            i += 2;
            if (marker == 0xD9) {
                return scans;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (i + 2 > b.length) {
                return scans;
            }
            i += u16(b, i);
            if (marker != 0xDA) {
                continue;
            }
            scans++;
            // the scan's entropy-coded data, up to the next marker
            while (i + 1 < b.length) {
                if ((b[i] & 0xFF) == 0xFF) {
                    int next = b[i + 1] & 0xFF;
                    if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7)) {
                        break;
                    }
                    i += 2;
                } else {
                    i++;
                }
            }
        }
        return scans;
    }

    private static boolean hasJpegEnd(byte[] b) {
        // 0xFF 0xD9 cannot occur inside entropy-coded data (0xFF is stuffed there), so it ends the image
        for (int i = b.length - 2; i >= Math.max(2, b.length - TRAILER_WINDOW); i--) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPngEnd(byte[] b) {
        byte[] iend = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
        for (int i = b.length - iend.length; i >= Math.max(8, b.length - TRAILER_WINDOW); i--) {
            if (ImageSniffer.startsWith(b, i, iend)) {
                return true;
            }
        }
        return false;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
