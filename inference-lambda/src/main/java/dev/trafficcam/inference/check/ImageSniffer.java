package dev.trafficcam.inference.check;

import dev.trafficcam.model.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Tells formats apart by their first bytes (their signatures), never by what the sender claims. */
public final class ImageSniffer {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ImageSniffer() {}

    /** JPEG or PNG when the bytes carry that format's signature. */
    public static Optional<ImageFormat> supportedFormat(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return Optional.of(ImageFormat.JPEG);
        }
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return Optional.of(ImageFormat.PNG);
        }
        return Optional.empty();
    }

    /** The name of another, unsupported image format the bytes look like, to say so in the error. */
    public static Optional<String> otherImageFormat(byte[] bytes) {
        if (startsWith(bytes, 0, ascii("GIF87a")) || startsWith(bytes, 0, ascii("GIF89a"))) {
            return Optional.of("GIF");
        }
        if (startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"))) {
            return Optional.of("WebP");
        }
        if (startsWith(bytes, 0, ascii("BM")) && bytes.length > 14) {
            return Optional.of("BMP");
        }
        if (startsWith(bytes, 0, new byte[] {'I', 'I', 42, 0}) || startsWith(bytes, 0, new byte[] {'M', 'M', 0, 42})) {
            return Optional.of("TIFF");
        }
        if (startsWith(bytes, 4, ascii("ftypheic"))
                || startsWith(bytes, 4, ascii("ftypheix"))
                || startsWith(bytes, 4, ascii("ftypmif1"))) {
            return Optional.of("HEIF");
        }
        if (startsWith(bytes, 4, ascii("ftypavif"))) {
            return Optional.of("AVIF");
        }
        return Optional.empty();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
