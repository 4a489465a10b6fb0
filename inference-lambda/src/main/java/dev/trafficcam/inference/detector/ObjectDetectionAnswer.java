package dev.trafficcam.inference.detector;

import dev.trafficcam.model.ModelDetection;
import dev.trafficcam.model.ObjectDetectionJson;
import java.util.List;

/**
 * Reads the endpoint's answer ({@link ObjectDetectionJson}); anything that is not an object-detection list is a model
 * failure (502), reported with what was wrong.
 */
public final class ObjectDetectionAnswer {
    private ObjectDetectionAnswer() {}

    public static List<ModelDetection> parse(byte[] body) {
        try {
            return ObjectDetectionJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw new ModelCallException(e.getMessage(), false, null);
        }
    }
}
