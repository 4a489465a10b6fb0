package dev.trafficcam.support.images;

import dev.trafficcam.model.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes a frame the pipeline changed: JPEG at a stated quality, or PNG (lossless). */
public final class Encoding {
    /**
     * A blurred frame stored in place of the camera's JPEG: the annotated copy's quality. Cameras compress harder still
     * (the sample frames decode to about 0.8), so a re-encoded frame is a little larger than the camera's
     * (docs/CAPACITY.md).
     */
    public static final float FRAME_JPEG_QUALITY = 0.85f;

    private Encoding() {}

    /** In the frame's own format, so that its key and content type stay those of the camera's frame. */
    public static byte[] encode(BufferedImage image, ImageFormat format) throws IOException {
        if (format == ImageFormat.PNG) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer");
            }
            return out.toByteArray();
        }
        return jpeg(image, FRAME_JPEG_QUALITY);
    }

    public static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
