package dev.trafficcam.loadtests;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Nearest-rank percentiles of a set of measurements (milliseconds). */
public final class Percentiles {
    private final double[] sorted;

    public Percentiles(Collection<Double> values) {
        this(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public Percentiles(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    /** The smallest value with at least {@code p} percent of the values at or below it. */
    public double at(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public double mean() {
        return Arrays.stream(sorted).average().orElseThrow();
    }

    public int count() {
        return sorted.length;
    }

    public String summary() {
        return String.format(
                Locale.ROOT, "n=%d p50=%.2f p95=%.2f p99=%.2f max=%.2f", count(), at(50), at(95), at(99), max());
    }
}
