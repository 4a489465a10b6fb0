package dev.trafficcam.inference.check;

import dev.trafficcam.model.Distortion;
import dev.trafficcam.model.DistortionReason;
import dev.trafficcam.model.ImageFormat;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The "is it distorted" check. In order, each step cheaper than the next:
 *
 * <ol>
 *   <li>signature: a JPEG or PNG at all (else not an image, or an unsupported format);
 *   <li>header: width and height from the JPEG frame header or PNG IHDR, checked against the bounds before any pixel is
 *       decoded (decompression bombs stop here);
 *   <li>trailer: the stream ends with JPEG EOI or PNG IEND (else truncated);
 *   <li>pixels: a grey image subsampled while decoding to about {@code analysisSize} pixels on its long side, never the
 *       full raster, is measured for blankness, exposure and blur.
 * </ol>
 *
 * Thread-safe; one instance serves every request.
 */
public final class ImageChecker {
    private final CheckThresholds thresholds;

    public ImageChecker(CheckThresholds thresholds) {
        this.thresholds = thresholds;
        ImageIO.setUseCache(false);
    }

    public CheckThresholds thresholds() {
        return thresholds;
    }

    /** Checks a request body that should be a JPEG or PNG frame. */
    public CheckResult check(byte[] bytes) {
        Optional<ImageFormat> sniffed = ImageSniffer.supportedFormat(bytes);
        if (sniffed.isEmpty()) {
            return ImageSniffer.otherImageFormat(bytes)
                    .map(other -> distorted(
                            null,
                            DistortionReason.UNSUPPORTED_FORMAT,
                            "the body is a " + other + " image; only JPEG and PNG are accepted"))
                    .orElseGet(() -> distorted(
                            null,
                            DistortionReason.NOT_AN_IMAGE,
                            "the body is not an image: it has neither a JPEG nor a PNG signature"));
        }
        ImageFormat format = sniffed.get();
        ImageHeader header;
        try {
            header = HeaderReader.read(bytes, format);
        } catch (HeaderReader.BadHeader e) {
            return distorted(null, e.reason, e.getMessage());
        }
        if (header.width() < thresholds.minDimension()
                || header.height() < thresholds.minDimension()
                || header.width() > thresholds.maxDimension()
                || header.height() > thresholds.maxDimension()) {
            return distorted(
                    header,
                    DistortionReason.DIMENSIONS_OUT_OF_BOUNDS,
                    "the image is " + header.width() + "x"
                            + header.height() + " pixels; each side must be " + thresholds.minDimension() + " to "
                            + thresholds.maxDimension());
        }
        if (header.pixels() > thresholds.maxPixels()) {
            return distorted(
                    header,
                    DistortionReason.TOO_MANY_PIXELS,
                    "the image has " + header.pixels() + " pixels; at most " + thresholds.maxPixels()
                            + " are accepted");
        }
        if (!HeaderReader.complete(bytes, format)) {
            return distorted(
                    header,
                    DistortionReason.TRUNCATED,
                    format == ImageFormat.JPEG
                            ? "the JPEG has no end-of-image marker: the upload was cut short"
                            : "the PNG has no IEND chunk: the upload was cut short");
        }
        if (format == ImageFormat.JPEG) {
            int scans = HeaderReader.jpegScans(bytes, HeaderReader.MAX_JPEG_SCANS);
            if (scans > HeaderReader.MAX_JPEG_SCANS) {
                return distorted(
                        header,
                        DistortionReason.CORRUPT,
                        "the JPEG has more than " + HeaderReader.MAX_JPEG_SCANS
                                + " scans; a camera's JPEG has 1 (baseline) or about 10 (progressive)");
            }
        }
        GreyStats stats;
        try {
            stats = analyse(bytes, header);
        } catch (IOException | RuntimeException e) {
            // the decoder's own message names its classes and internals: the camera learns what, not how
            return distorted(
                    header,
                    DistortionReason.CORRUPT,
                    "the image data cannot be decoded: the "
                            + (format == ImageFormat.JPEG ? "JPEG" : "PNG")
                            + " stream is damaged after its header");
        }
        if (stats.contrast() < thresholds.minContrast()) {
            return distorted(
                    header,
                    DistortionReason.BLANK,
                    String.format(
                            Locale.ROOT,
                            "the frame is blank or nearly uniform: contrast %.1f is below %.1f",
                            stats.contrast(),
                            thresholds.minContrast()));
        }
        if (stats.mean() < thresholds.minMeanLuma()) {
            return distorted(
                    header,
                    DistortionReason.UNDEREXPOSED,
                    String.format(
                            Locale.ROOT,
                            "the frame is under-exposed: mean brightness %.1f is below %.1f",
                            stats.mean(),
                            thresholds.minMeanLuma()));
        }
        if (stats.mean() > thresholds.maxMeanLuma()) {
            return distorted(
                    header,
                    DistortionReason.OVEREXPOSED,
                    String.format(
                            Locale.ROOT,
                            "the frame is over-exposed: mean brightness %.1f is above %.1f",
                            stats.mean(),
                            thresholds.maxMeanLuma()));
        }
        if (stats.sharpness() < thresholds.minSharpness()) {
            return distorted(
                    header,
                    DistortionReason.BLURRED,
                    String.format(
                            Locale.ROOT,
                            "the frame is heavily blurred: sharpness %.1f is below %.1f",
                            stats.sharpness(),
                            thresholds.minSharpness()));
        }
        return new CheckResult.Passed(header, stats);
    }

    /** Decodes a subsampled grey image and measures it. */
    GreyStats analyse(byte[] bytes, ImageHeader header) throws IOException {
        int step = Math.max(
                1,
                (Math.max(header.width(), header.height()) + thresholds.analysisSize() - 1)
                        / thresholds.analysisSize());
        Iterator<ImageReader> readers =
                ImageIO.getImageReadersByFormatName(header.format() == ImageFormat.JPEG ? "jpeg" : "png");
        if (!readers.hasNext()) {
            throw new IOException("no " + header.format() + " decoder in this runtime");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            if (header.format() == ImageFormat.JPEG && reader.canReadRaster()) {
                // the raw raster is not colour-converted: band 0 of a YCbCr or grey JPEG is already luma
                Raster raster = reader.readRaster(0, param);
                int w = raster.getWidth();
                int h = raster.getHeight();
                int[] luma = raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, 0, new int[w * h]);
                return GreyStats.measure(luma, w, h);
            }
            BufferedImage image = reader.read(0, param);
            int w = image.getWidth();
            int h = image.getHeight();
            int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
            int[] luma = new int[rgb.length];
            for (int i = 0; i < rgb.length; i++) {
                int p = rgb[i];
                // Rec. 601 luma, as JPEG's Y, in fixed point
                luma[i] = (77 * ((p >> 16) & 0xFF) + 150 * ((p >> 8) & 0xFF) + 29 * (p & 0xFF)) >> 8;
            }
            return GreyStats.measure(luma, w, h);
        } finally {
            reader.dispose();
        }
    }

    private static CheckResult distorted(ImageHeader header, DistortionReason reason, String detail) {
        return new CheckResult.Distorted(header, new Distortion(reason, detail));
    }
}
