package dev.trafficcam.inference;

import dev.trafficcam.inference.api.ProblemType;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.TrafficCounts;
import dev.trafficcam.model.functions.CameraMetrics;
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

    public RequestLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Writes to standard output, which Lambda sends to CloudWatch Logs. */
    public static RequestLog toStandardOutput() {
        return new RequestLog(System.out::println);
    }

    public void request(
            String requestId,
            String keyId,
            String frameId,
            Camera camera,
            int status,
            String outcome,
            Timings timings,
            TrafficCounts counts,
            String route,
            String error) {
        Instant now = Instant.now();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", now.toString());
        line.put("level", status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO");
        line.put("message", "frame request");
        line.put("requestId", requestId);
        line.put("keyId", keyId);
        line.put("frameId", frameId);
        line.put("camera", camera);
        line.put("status", status);
        line.put("outcome", outcome);
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("check", round(timings.checkMs()));
        ms.put("model", round(timings.modelMs()));
        ms.put("handoff", round(timings.handoffMs()));
        ms.put("total", round(timings.totalMs()));
        line.put("timingsMs", ms);
        line.put("counts", counts);
        line.put("handoff", route);
        line.put("error", error);
        Map<String, Integer> metrics = new LinkedHashMap<>();
        if (camera != null && (status == 200 || status == 422)) {
            metrics.put(CameraMetrics.FRAMES, 1);
            metrics.put(CameraMetrics.DISTORTED_FRAMES, status == 422 ? 1 : 0);
        } else if (camera != null && outcome.equals(ProblemType.CAMERA_NOT_ALLOWED.slug())) {
            metrics.put(CameraMetrics.REFUSED_FRAMES, 1);
        }
        if (!metrics.isEmpty()) {
            line.put(
                    "_aws",
                    Map.of(
                            "Timestamp",
                            now.toEpochMilli(),
                            "CloudWatchMetrics",
                            List.of(Map.of(
                                    "Namespace", CameraMetrics.NAMESPACE,
                                    "Dimensions", List.of(List.of(CameraMetrics.CAMERA)),
                                    "Metrics",
                                            metrics.keySet().stream()
                                                    .map(name -> Map.of("Name", name, "Unit", "Count"))
                                                    .toList()))));
            line.put(CameraMetrics.CAMERA, CameraMetrics.dimensionValue(camera));
            line.putAll(metrics);
        }
        line.values().removeIf(v -> v == null);
        sink.accept(Json.write(line));
    }

    public void event(String level, String message, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("message", message);
        line.putAll(fields);
        sink.accept(Json.write(line));
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
