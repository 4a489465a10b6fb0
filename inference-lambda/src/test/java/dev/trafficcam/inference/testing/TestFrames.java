package dev.trafficcam.inference.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real frames from the test resources, and images made to break the image check in one precise way. */
public final class TestFrames {
    public static final String STREET_220 = "street_frame_220.jpg";
    public static final String MOTION_BLUR = "car_rear_motion_blur.jpg";
    public static final String[] STREET = {
        "street_frame_40.jpg", "street_frame_220.jpg", "street_frame_380.jpg", "street_frame_620.jpg"
    };

    private TestFrames() {}

    /** A frame from {@code src/test/resources/frames}. */
    public static byte[] frame(String name) {
        try (InputStream in = TestFrames.class.getResourceAsStream("/frames/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test frame " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One grey level everywhere, with a faint noise (a lens cap, a dead sensor). */
    public static BufferedImage uniform(int width, int height, int grey, int noise, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = Math.max(0, Math.min(255, grey + (noise == 0 ? 0 : random.nextInt(2 * noise + 1) - noise)));
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    /** A real frame with its brightness scaled (0.1 = night without light, 4 = sun straight in the lens). */
    public static BufferedImage exposed(BufferedImage source, double gain, int offset) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int p = source.getRGB(x, y);
                int r = clamp((int) (((p >> 16) & 0xFF) * gain) + offset);
                int g = clamp((int) (((p >> 8) & 0xFF) * gain) + offset);
                int b = clamp((int) ((p & 0xFF) * gain) + offset);
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    /** A real frame under a (2r+1)x(2r+1) box blur: a camera far out of focus. */
    public static BufferedImage blurred(BufferedImage source, int radius) {
        int w = source.getWidth();
        int h = source.getHeight();
        int[] rgb = source.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[rgb.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 0, g = 0, b = 0, n = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    int yy = Math.min(h - 1, Math.max(0, y + dy));
                    for (int dx = -radius; dx <= radius; dx++) {
                        int p = rgb[yy * w + Math.min(w - 1, Math.max(0, x + dx))];
                        r += (p >> 16) & 0xFF;
                        g += (p >> 8) & 0xFF;
                        b += p & 0xFF;
                        n++;
                    }
                }
                out[y * w + x] = (r / n) << 16 | (g / n) << 8 | (b / n);
            }
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, out, 0, w);
        return image;
    }

    /** A sharp synthetic scene (stripes and blocks), for sizes the real frames do not have. */
    public static BufferedImage pattern(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, width, height);
        for (int x = 0; x < width; x += 6) {
            g.setColor((x / 6) % 2 == 0 ? Color.WHITE : Color.BLACK);
            g.fillRect(x, 0, 3, height);
        }
        g.setColor(Color.ORANGE);
        g.fillRect(width / 4, height / 4, width / 3, height / 3);
        g.dispose();
        return image;
    }

    /**
     * A well-formed PNG whose header claims any size, with one tiny compressed row: what a decompression bomb looks
     * like from the header.
     */
    public static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The first {@code fraction} of the bytes: an upload cut short. */
    /** The image as a progressive JPEG, as ImageIO's encoder writes one (libjpeg's standard progression). */
    public static byte[] progressive(BufferedImage image) {
        try (var out = new ByteArrayOutputStream();
                var stream = javax.imageio.ImageIO.createImageOutputStream(out)) {
            javax.imageio.ImageWriter writer =
                    javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
            writer.dispose();
            stream.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A hostile JPEG: the given one with its smallest scan (an SOS segment and its entropy-coded data, up to the next
     * marker that is not a restart) repeated {@code times} more before the end-of-image marker. Every copy is a scan a
     * decoder works through, for a few bytes each.
     */
    public static byte[] withSmallestScanRepeated(byte[] jpeg, int times) {
        int end = jpeg.length - 2; // the EOI marker
        if ((jpeg[end] & 0xFF) != 0xFF || (jpeg[end + 1] & 0xFF) != 0xD9) {
            throw new IllegalArgumentException("not a JPEG that ends with its end marker");
        }
        int bestStart = -1;
        int bestLength = Integer.MAX_VALUE;
        int scanStart = -1;
        for (int i = 2; i + 1 <= end; i++) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                continue;
            }
            int next = jpeg[i + 1] & 0xFF;
            boolean inData = next == 0x00 || next == 0xFF || (next >= 0xD0 && next <= 0xD7);
            if (inData && i != end) {
                continue;
            }
            if (scanStart >= 0 && i - scanStart < bestLength) {
                bestStart = scanStart;
                bestLength = i - scanStart;
            }
            scanStart = next == 0xDA ? i : -1;
        }
        if (bestStart < 0) {
            throw new IllegalArgumentException("not a JPEG with a scan");
        }
        var out = new ByteArrayOutputStream();
        out.write(jpeg, 0, end);
        for (int n = 0; n < times; n++) {
            out.write(jpeg, bestStart, bestLength);
        }
        out.write(jpeg, end, 2);
        return out.toByteArray();
    }

    public static byte[] truncated(byte[] bytes, double fraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
    }

    /** A JPEG whose headers are intact but whose image data is overwritten with junk. */
    public static byte[] corruptedJpeg(byte[] jpeg) {
        byte[] copy = jpeg.clone();
        int sos = 0;
        for (int i = 2; i < copy.length - 1; i++) {
            if ((copy[i] & 0xFF) == 0xFF && (copy[i + 1] & 0xFF) == 0xDA) {
                sos = i;
                break;
            }
        }
        Random random = new Random(3);
        int start = sos + 20;
        for (int i = start; i < copy.length - 2; i++) {
            copy[i] = (byte) (random.nextInt(256) == 0xFF ? 0x00 : random.nextInt(255));
        }
        // a junk scan that still ends with EOI; sprinkle markers that are illegal inside a scan
        for (int i = start; i < copy.length - 4; i += 97) {
            copy[i] = (byte) 0xFF;
            copy[i + 1] = (byte) 0xC4;
        }
        return copy;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
