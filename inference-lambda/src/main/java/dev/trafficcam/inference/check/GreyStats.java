package dev.trafficcam.inference.check;

/**
 * What the pixel checks measured on the subsampled grey image.
 *
 * @param mean mean luma, 0..255
 * @param contrast standard deviation of luma
 * @param sharpness variance of the 4-neighbour Laplacian (low = blurred)
 * @param width width of the analysed image
 * @param height height of the analysed image
 */
public record GreyStats(double mean, double contrast, double sharpness, int width, int height) {

    /** Measures a grey image held row by row in {@code luma} (values 0..255). */
    static GreyStats measure(int[] luma, int width, int height) {
        long sum = 0;
        long sumSquares = 0;
        for (int v : luma) {
            sum += v;
            sumSquares += (long) v * v;
        }
        int n = luma.length;
        double mean = (double) sum / n;
        double variance = Math.max(0, (double) sumSquares / n - mean * mean);

        double lapSum = 0;
        double lapSquares = 0;
        int count = 0;
        for (int y = 1; y < height - 1; y++) {
            int row = y * width;
            for (int x = 1; x < width - 1; x++) {
                int i = row + x;
                int lap = 4 * luma[i] - luma[i - 1] - luma[i + 1] - luma[i - width] - luma[i + width];
                lapSum += lap;
                lapSquares += (double) lap * lap;
                count++;
            }
        }
        double sharpness = 0;
        if (count > 0) {
            double lapMean = lapSum / count;
            sharpness = Math.max(0, lapSquares / count - lapMean * lapMean);
        }
        return new GreyStats(mean, Math.sqrt(variance), sharpness, width, height);
    }
}
