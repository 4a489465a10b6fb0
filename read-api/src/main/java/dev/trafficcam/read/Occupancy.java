package dev.trafficcam.read;

import dev.trafficcam.model.TrafficClass;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What snapshots measure, from the hourly rollup: how many road users are in view. A camera sends a frame every few
 * seconds and cannot follow a vehicle from one to the next, so it cannot count vehicles passing; summing each frame's
 * detections would count a parked car once per frame, and twice as often when the camera sends twice as often. Per
 * bucket and class:
 *
 * <ul>
 *   <li><b>mean</b>: road users in view per analysed frame (the bucket's detections over its frames that were not
 *       distorted), the same whatever the camera's interval;
 *   <li><b>peak</b>: the most in view in one frame;
 *   <li><b>detections</b>: the sum over frames, under a name that says what it is;
 * </ul>
 *
 * and per bucket the <b>coverage</b>: the frames that arrived over the frames the camera's usual interval would send in
 * the bucket (above 1 when it sent more often than usual, below when frames were missing or the bucket is still going
 * on). The usual interval is learned from the rollup, not configured: the median, over the hours with two frames or
 * more, of {@code (last capture - first capture) / (frames - 1)}; an hour with a gap in it gives a longer estimate,
 * which the median outvotes.
 */
public final class Occupancy {
    private Occupancy() {}

    /** A class's figures in one bucket: mean in view per analysed frame (null when none was), peak, detections. */
    public record ClassFigures(Double mean, int peak, long detections) {}

    /** One bucket of a camera's figures: coverage is null when the camera's interval is not known. */
    public record Bucket(
            ZonedDateTime start,
            long frames,
            long distorted,
            Double coverage,
            Map<TrafficClass, ClassFigures> classes) {}

    /** The camera's usual seconds between frames, from its hours; empty when no hour had two frames apart. */
    public static OptionalDouble usualIntervalSeconds(List<TrafficReader.HourCounts> hours) {
        double[] estimates = hours.stream()
                .filter(h -> h.frames() >= 2 && h.firstCapturedAt() != null && h.lastCapturedAt() != null)
                .mapToDouble(h -> Duration.between(h.firstCapturedAt(), h.lastCapturedAt())
                                .toMillis()
                        / 1000.0
                        / (h.frames() - 1))
                .filter(seconds -> seconds > 0)
                .sorted()
                .toArray();
        if (estimates.length == 0) {
            return OptionalDouble.empty();
        }
        int middle = estimates.length / 2;
        return OptionalDouble.of(
                estimates.length % 2 == 1 ? estimates[middle] : (estimates[middle - 1] + estimates[middle]) / 2);
    }

    /**
     * The camera-local buckets of {@code [from, to)} of size {@code unit} (hours or days), each with its hours'
     * figures; a bucket without frames is there, with zero frames, so that a chart shows the gap. Hours follow the
     * instants, so the hour the clocks skip in spring is not there and the hour that happens twice in autumn is there
     * twice; days follow the calendar, so a day has 23, 24 or 25 hours.
     */
    public static List<Bucket> buckets(
            List<TrafficReader.HourCounts> hours,
            ZonedDateTime from,
            ZonedDateTime to,
            ChronoUnit unit,
            OptionalDouble intervalSeconds) {
        ZoneId zone = from.getZone();
        Map<Instant, ZonedDateTime> starts = new LinkedHashMap<>();
        for (ZonedDateTime start = from; start.isBefore(to); start = next(start, unit)) {
            starts.put(start.toInstant(), start);
        }
        Map<Instant, List<TrafficReader.HourCounts>> byBucket = new LinkedHashMap<>();
        starts.keySet().forEach(start -> byBucket.put(start, new ArrayList<>()));
        for (TrafficReader.HourCounts hour : hours) {
            List<TrafficReader.HourCounts> bucket = byBucket.get(bucketStart(hour.hour(), zone, unit));
            if (bucket != null) {
                bucket.add(hour);
            }
        }
        List<Bucket> buckets = new ArrayList<>(byBucket.size());
        byBucket.forEach((start, inBucket) -> {
            ZonedDateTime zoned = starts.get(start);
            buckets.add(bucket(zoned, inBucket, Duration.between(zoned, next(zoned, unit)), intervalSeconds));
        });
        return buckets;
    }

    /** The next bucket's start: an hour later on the time-line, or the next day's midnight (wherever it falls). */
    static ZonedDateTime next(ZonedDateTime start, ChronoUnit unit) {
        return unit == ChronoUnit.DAYS
                ? start.toLocalDate().plusDays(1).atStartOfDay(start.getZone())
                : start.plusHours(1);
    }

    /** The start of the camera-local bucket an hour of the rollup falls in. */
    static Instant bucketStart(Instant hour, ZoneId zone, ChronoUnit unit) {
        return unit == ChronoUnit.DAYS
                ? hour.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant()
                : hour;
    }

    /** A bucket's start as the API and the CSV show it: the camera's wall-clock time with its UTC offset. */
    static String text(ZonedDateTime start) {
        return start.toOffsetDateTime().toString();
    }

    /** The figures of some hours taken together (one bucket). */
    static Bucket bucket(
            ZonedDateTime start,
            List<TrafficReader.HourCounts> hours,
            Duration length,
            OptionalDouble intervalSeconds) {
        long frames = 0;
        long distorted = 0;
        long[] detections = new long[TrafficClass.values().length];
        int[] peaks = new int[TrafficClass.values().length];
        for (TrafficReader.HourCounts h : hours) {
            frames += h.frames();
            distorted += h.distorted();
            for (TrafficClass c : TrafficClass.values()) {
                detections[c.ordinal()] += h.detections().get(c);
                peaks[c.ordinal()] = Math.max(peaks[c.ordinal()], h.peaks().get(c));
            }
        }
        long analysed = frames - distorted;
        Map<TrafficClass, ClassFigures> classes = new EnumMap<>(TrafficClass.class);
        for (TrafficClass c : TrafficClass.values()) {
            classes.put(
                    c,
                    new ClassFigures(
                            analysed == 0 ? null : round(detections[c.ordinal()] / (double) analysed),
                            peaks[c.ordinal()],
                            detections[c.ordinal()]));
        }
        Double coverage =
                intervalSeconds.isPresent() ? round(frames * intervalSeconds.getAsDouble() / length.toSeconds()) : null;
        return new Bucket(start, frames, distorted, coverage, classes);
    }

    /** Three decimals: a thousandth of a road user, or a tenth of a percent of coverage, is below any use. */
    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
