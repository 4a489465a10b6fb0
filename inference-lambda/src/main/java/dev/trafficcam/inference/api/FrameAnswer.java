package dev.trafficcam.inference.api;

import dev.trafficcam.model.Camera;
import dev.trafficcam.model.Detection;
import dev.trafficcam.model.ModelInfo;
import dev.trafficcam.model.TrafficCounts;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/** The 200 answer to a camera: what was found in its frame, and the id the frame is stored under. */
public record FrameAnswer(
        UUID frameId,
        Camera camera,
        LocalDateTime capturedAt,
        List<Detection> detections,
        TrafficCounts counts,
        ModelInfo model) {}
