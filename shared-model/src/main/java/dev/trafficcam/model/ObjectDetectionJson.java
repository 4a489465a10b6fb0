package dev.trafficcam.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Hugging Face object-detection pipeline's answer, as the SageMaker endpoint, the local detector and any detector
 * the evaluation scores give it: {@code [{"score":0.98,"label":"car","box":{"xmin":..,"ymin":..,"xmax":..,"ymax":..}},
 * ...]}, in pixels of the original frame. A list wrapped in a one-element list (a batch of one) is accepted too.
 */
public final class ObjectDetectionJson {
    private ObjectDetectionJson() {}

    /** @throws IllegalArgumentException saying what is wrong, when the body is not such a list */
    public static List<ModelDetection> parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw malformed("it is not JSON");
        }
        if (root != null && root.isArray() && root.size() == 1 && root.get(0).isArray()) {
            root = root.get(0);
        }
        if (root == null || !root.isArray()) {
            throw malformed("it is not a JSON list of detections");
        }
        List<ModelDetection> detections = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            JsonNode box = item.get("box");
            if (!item.isObject()
                    || !number(item, "score")
                    || item.get("label") == null
                    || !item.get("label").isTextual()
                    || box == null
                    || !box.isObject()
                    || !number(box, "xmin")
                    || !number(box, "ymin")
                    || !number(box, "xmax")
                    || !number(box, "ymax")) {
                throw malformed(
                        "detection " + i + " lacks a numeric score, a text label or a box with xmin, ymin, xmax, ymax");
            }
            double score = item.get("score").doubleValue();
            if (!(score >= 0 && score <= 1)) {
                throw malformed("detection " + i + " has a score outside 0..1: " + score);
            }
            detections.add(new ModelDetection(
                    item.get("label").textValue(),
                    score,
                    box.get("xmin").doubleValue(),
                    box.get("ymin").doubleValue(),
                    box.get("xmax").doubleValue(),
                    box.get("ymax").doubleValue()));
        }
        return detections;
    }

    private static boolean number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() && Double.isFinite(value.doubleValue());
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("the model's answer is not an object-detection list: " + why);
    }
}
