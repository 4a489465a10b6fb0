package dev.trafficcam.persistence.testing;

import java.awt.image.BufferedImage;

/**
 * How much fine detail a region of an image holds: the variance of the Laplacian of its luma, the usual measure of
 * focus. A face that can be recognised has edges (eyes, mouth, hairline) that give a high variance; a region blurred
 * smooth gives one near zero.
 */
public final class Sharpness {
    private Sharpness() {}

    /** Over the pixels of {@code [x0, x1) x [y0, y1)} that have all four neighbours in the image. */
    public static double laplacianVariance(BufferedImage image, int x0, int y0, int x1, int y1) {
        int left = Math.max(1, x0);
        int top = Math.max(1, y0);
        int right = Math.min(image.getWidth() - 1, x1);
        int bottom = Math.min(image.getHeight() - 1, y1);
        double sum = 0;
        double squares = 0;
        long n = 0;
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                double laplacian = luma(image, x - 1, y)
                        + luma(image, x + 1, y)
                        + luma(image, x, y - 1)
                        + luma(image, x, y + 1)
                        - 4 * luma(image, x, y);
                sum += laplacian;
                squares += laplacian * laplacian;
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("the region has no inner pixels");
        }
        double mean = sum / n;
        return squares / n - mean * mean;
    }

    /** The mean absolute difference of luma between two images of one size over the pixels {@code outside} allows. */
    public static double meanDifference(
            BufferedImage a, BufferedImage b, java.util.function.BiPredicate<Integer, Integer> where) {
        double total = 0;
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (where.test(x, y)) {
                    total += Math.abs(luma(a, x, y) - luma(b, x, y));
                    n++;
                }
            }
        }
        return n == 0 ? 0 : total / n;
    }

    private static double luma(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }
}
