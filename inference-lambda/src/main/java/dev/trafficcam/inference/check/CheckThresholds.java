package dev.trafficcam.inference.check;

/**
 * The image check's limits.
 *
 * @param minDimension smallest accepted width or height, in pixels
 * @param maxDimension largest accepted width or height, in pixels
 * @param maxPixels largest accepted width x height (decompression bombs are turned away from the header)
 * @param analysisSize the grey image the pixel checks look at is subsampled to about this many pixels on its long side
 * @param minContrast a frame whose grey standard deviation is below this is blank (0..255 scale)
 * @param minMeanLuma a frame darker than this on average is under-exposed (0..255)
 * @param maxMeanLuma a frame brighter than this on average is over-exposed (0..255)
 * @param minSharpness a frame whose variance of the Laplacian is below this is heavily blurred
 */
public record CheckThresholds(
        int minDimension,
        int maxDimension,
        long maxPixels,
        int analysisSize,
        double minContrast,
        double minMeanLuma,
        double maxMeanLuma,
        double minSharpness) {

    public static final CheckThresholds DEFAULTS =
            new CheckThresholds(32, 10_000, 40_000_000L, 384, 4.0, 20.0, 235.0, 100.0);

    public CheckThresholds {
        if (minDimension < 1 || maxDimension < minDimension) {
            throw new IllegalArgumentException(
                    "image dimension bounds must satisfy 1 <= min <= max, got " + minDimension + ".." + maxDimension);
        }
        if (maxPixels < (long) minDimension * minDimension) {
            throw new IllegalArgumentException(
                    "the pixel limit " + maxPixels + " is below the smallest accepted image");
        }
        if (analysisSize < 16) {
            throw new IllegalArgumentException("the analysis size must be at least 16 pixels, got " + analysisSize);
        }
        if (minMeanLuma >= maxMeanLuma) {
            throw new IllegalArgumentException(
                    "the exposure bounds must satisfy min < max, got " + minMeanLuma + ".." + maxMeanLuma);
        }
        if (minContrast < 0 || minSharpness < 0) {
            throw new IllegalArgumentException("contrast and sharpness thresholds must not be negative");
        }
    }
}
