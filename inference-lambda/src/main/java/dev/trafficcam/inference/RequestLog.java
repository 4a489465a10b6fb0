package dev.trafficcam.inference;

import dev.trafficcam.inference.api.ProblemType;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.TrafficCounts;
import dev.trafficcam.model.functions.CameraMetrics;
import dev.trafficcam.model.functions.LogLine;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One structured JSON line per request (and one per notable event, such as a hand-off that fell back to the failure
 * queue): ids, camera, status, stage timings, counts. Never image bytes.
 *
 * <p>The line of an accepted frame also carries its camera's metrics ({@link CameraMetrics}) in CloudWatch's embedded
 * metric format ("Specification: Embedded metric format"): CloudWatch Logs extracts them from the function's log group,
 * so the hot path makes no {@code PutMetricData} call and the dashboard still shows frames per minute and the
 * distortion rate per camera.
 */
public final class RequestLog {
    private final Consumer<String> sink;

    /**
     * What one request's line says, beside its timings.
     *
     * @param keyId the camera key's id, as the authorizer granted it
     * @param outcome DETECTED, DISTORTED, or the problem's slug
     * @param route how the frame was handed off, when it was
     * @param error what went wrong, for operators (never sent to the camera)
     */
    public record Entry(
            String requestId,
            String keyId,
            String frameId,
            Camera camera,
            int status,
            String outcome,
            TrafficCounts counts,
            String route,
            String error) {}

    public RequestLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Writes to standard output, which Lambda sends to CloudWatch Logs. */
    public static RequestLog toStandardOutput() {
        return new RequestLog(System.out::println);
    }

    public void request(Entry entry, Timings timings) {
        Instant now = Instant.now();
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("check", round(timings.checkMs()));
        ms.put("model", round(timings.modelMs()));
        ms.put("handoff", round(timings.handoffMs()));
        ms.put("total", round(timings.totalMs()));
        // the embedded metrics' Timestamp must be the line's own time (the embedded metric format's rules)
        LogLine line = LogLine.at(now, LogLine.levelOf(entry.status()), "frame request")
                .with("requestId", entry.requestId())
                .with("keyId", entry.keyId())
                .with("frameId", entry.frameId())
                .with("camera", entry.camera())
                .with("status", entry.status())
                .with("outcome", entry.outcome())
                .with("timingsMs", ms)
                .with("counts", entry.counts())
                .with("handoff", entry.route())
                .with("error", entry.error());
        Map<String, Integer> metrics = metrics(entry);
        if (!metrics.isEmpty()) {
            line.with(
                            "_aws",
                            Map.of(
                                    "Timestamp",
                                    now.toEpochMilli(),
                                    "CloudWatchMetrics",
                                    List.of(Map.of(
                                            "Namespace",
                                            CameraMetrics.NAMESPACE,
                                            "Dimensions",
                                            List.of(List.of(CameraMetrics.CAMERA)),
                                            "Metrics",
                                            metrics.keySet().stream()
                                                    .map(name -> Map.of("Name", name, "Unit", "Count"))
                                                    .toList()))))
                    .with(CameraMetrics.CAMERA, CameraMetrics.dimensionValue(entry.camera()))
                    .withAll(metrics);
        }
        sink.accept(line.json());
    }

    public void event(String level, String message, Map<String, Object> fields) {
        sink.accept(LogLine.of(level, message).withAll(fields).json());
    }

    private static Map<String, Integer> metrics(Entry entry) {
        Map<String, Integer> metrics = new LinkedHashMap<>();
        if (entry.camera() != null && (entry.status() == 200 || entry.status() == 422)) {
            metrics.put(CameraMetrics.FRAMES, 1);
            metrics.put(CameraMetrics.DISTORTED_FRAMES, entry.status() == 422 ? 1 : 0);
        } else if (entry.camera() != null
                && ProblemType.CAMERA_NOT_ALLOWED.slug().equals(entry.outcome())) {
            metrics.put(CameraMetrics.REFUSED_FRAMES, 1);
        }
        return metrics;
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
