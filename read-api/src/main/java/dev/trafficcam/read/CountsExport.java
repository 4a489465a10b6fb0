package dev.trafficcam.read;

import dev.trafficcam.model.Camera;
import dev.trafficcam.model.TrafficClass;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The daily BI export: a CSV file of one day's counts, a row per camera and hour of capture (camera local time, as
 * {@code captured_at}), per traffic class the mean in view, the peak and the detections ({@link Occupancy}), read from
 * the hourly rollup. Written to S3 as {@code exports/hourly-counts/date=YYYY-MM-DD/hourly-counts-YYYY-MM-DD.csv}: one
 * folder per day in Hive's {@code name=value} form, which Athena and QuickSight read as a partition column and Power
 * BI's folder connector combines. A run for a day overwrites that day's file.
 *
 * <p>CSV as RFC 4180 has it (a header line, CRLF line ends, fields with a comma, quote or line end quoted), UTF-8
 * without a byte order mark. CSV and not Parquet: a day is a few hundred rows per camera-day at most, both BI tools
 * read CSV without a schema step, and a person can open it; Parquet would pay off at columns of millions of rows, and
 * needs a writer library of several megabytes in the function.
 */
public final class CountsExport {
    public static final String PREFIX = dev.trafficcam.model.S3Keys.EXPORTS_PREFIX + "hourly-counts/";
    /**
     * No date column: the day is in the folder's {@code date=} (an Athena partition may not repeat a column) and in
     * hour_start.
     */
    public static final List<String> COLUMNS = columns();

    /**
     * The hour (camera-local, with its UTC offset: the two passes of the autumn hour are two rows), the camera and its
     * time zone, its frames and coverage, then per class: mean in view per analysed frame, peak in one frame, and the
     * sum of detections ({@link Occupancy}).
     */
    private static List<String> columns() {
        List<String> columns = new java.util.ArrayList<>(List.of(
                "hour_start",
                "camera_id",
                "address",
                "city",
                "country",
                "time_zone",
                "frames",
                "distorted_frames",
                "coverage"));
        for (TrafficClass c : TrafficClass.values()) {
            columns.add(c.label() + "_mean");
            columns.add(c.label() + "_peak");
            columns.add(c.label() + "_detections");
        }
        return List.copyOf(columns);
    }

    private CountsExport() {}

    /** The S3 key of a day's file. */
    public static String key(LocalDate day) {
        return PREFIX + "date=" + day + "/hourly-counts-" + day + ".csv";
    }

    /**
     * A day's file.
     *
     * @param hours every camera's hours of the day, with the camera, camera then hour
     */
    public static byte[] csv(List<TrafficReader.CameraHour> hours) {
        StringBuilder out = new StringBuilder(128 + hours.size() * 160);
        out.append(String.join(",", COLUMNS)).append("\r\n");
        // a camera's usual interval, for coverage, from its hours of the day (rows come camera by camera)
        Map<Long, java.util.OptionalDouble> intervals = new java.util.HashMap<>();
        hours.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        TrafficReader.CameraHour::cameraId,
                        java.util.stream.Collectors.mapping(
                                TrafficReader.CameraHour::counts, java.util.stream.Collectors.toList())))
                .forEach((camera, itsHours) -> intervals.put(camera, Occupancy.usualIntervalSeconds(itsHours)));
        for (TrafficReader.CameraHour row : hours) {
            TrafficReader.HourCounts h = row.counts();
            Occupancy.Bucket figures = Occupancy.bucket(
                    h.hour().atZone(row.timeZone()),
                    List.of(h),
                    java.time.Duration.ofHours(1),
                    intervals.get(row.cameraId()));
            Camera camera = row.camera();
            out.append(Occupancy.text(figures.start()))
                    .append(',')
                    .append(row.cameraId())
                    .append(',')
                    .append(field(camera.address()))
                    .append(',')
                    .append(field(camera.city()))
                    .append(',')
                    .append(field(camera.country()))
                    .append(',')
                    .append(row.timeZone().getId())
                    .append(',')
                    .append(h.frames())
                    .append(',')
                    .append(h.distorted())
                    .append(',')
                    .append(orEmpty(figures.coverage()));
            for (TrafficClass c : TrafficClass.values()) {
                Occupancy.ClassFigures f = figures.classes().get(c);
                out.append(',')
                        .append(orEmpty(f.mean()))
                        .append(',')
                        .append(f.peak())
                        .append(',')
                        .append(f.detections());
            }
            out.append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An unknown figure is an empty field, which BI tools read as null (not as 0). */
    private static String orEmpty(Double value) {
        return value == null ? "" : value.toString();
    }

    /** A text field, quoted when it holds a comma, a quote or a line end (RFC 4180, 2.6 and 2.7). */
    static String field(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
