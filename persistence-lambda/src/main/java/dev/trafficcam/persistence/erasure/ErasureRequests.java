package dev.trafficcam.persistence.erasure;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidFrameNameException;
import dev.trafficcam.model.Json;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The erasure route's JSON: the request {@code {"address", "city", "country", "from", "to", "detections"}} (capture
 * times in the camera's local time, ISO-8601 without a zone, as the read API takes them) and the answer.
 */
public final class ErasureRequests {
    private ErasureRequests() {}

    /** @throws IllegalArgumentException saying what is wrong with the body */
    public static FrameErasure.Request parse(String text, String requestedBy) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(text == null ? "" : text);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object {\"address\": .., \"city\": ..,"
                    + " \"country\": .., \"from\": \"2026-11-01T00:00\", \"to\": .., \"detections\": false}");
        }
        Camera camera;
        try {
            camera = FrameName.camera(text(body, "address"), text(body, "city"), text(body, "country"));
        } catch (InvalidFrameNameException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        JsonNode detections = body.path("detections");
        if (!detections.isMissingNode() && !detections.isBoolean()) {
            throw new IllegalArgumentException("\"detections\" must be true or false");
        }
        return new FrameErasure.Request(
                camera, time(body, "from"), time(body, "to"), detections.asBoolean(false), requestedBy);
    }

    /**
     * Who asked: the IAM identity API Gateway authenticated ({@code requestContext.identity.userArn}, set for
     * IAM-authorized methods; API Gateway developer guide, "$context.identity.userArn"), else its access key, else the
     * caller API Gateway names, else "unknown".
     */
    public static String caller(APIGatewayProxyRequestEvent event) {
        var context = event.getRequestContext();
        var identity = context == null ? null : context.getIdentity();
        if (identity != null
                && identity.getUserArn() != null
                && !identity.getUserArn().isBlank()) {
            return identity.getUserArn();
        }
        if (identity != null
                && identity.getAccessKey() != null
                && !identity.getAccessKey().isBlank()) {
            return "access key " + identity.getAccessKey();
        }
        if (identity != null
                && identity.getCaller() != null
                && !identity.getCaller().isBlank()) {
            return identity.getCaller();
        }
        return "unknown";
    }

    public static Map<String, Object> answer(FrameErasure.Result result) {
        FrameErasure.Request r = result.request();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("address", r.camera().address());
        answer.put("city", r.camera().city());
        answer.put("country", r.camera().country());
        answer.put("from", r.from().toString());
        answer.put("to", r.to().toString());
        answer.put("detections", r.detections());
        answer.put("erasedFrames", result.frames());
        answer.put("deletedObjects", result.objects());
        answer.put("deletedDetections", result.detectionRows());
        answer.put("finished", result.finished());
        return answer;
    }

    private static String text(JsonNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("the member \"" + member + "\" is missing or not a string");
        }
        return value.asText();
    }

    private static LocalDateTime time(JsonNode body, String member) {
        String text = text(body, member);
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + member + "\" must be a capture time such as 2026-11-01T00:00"
                    + " (the camera's local time, no zone), got '" + text + "'");
        }
    }
}
