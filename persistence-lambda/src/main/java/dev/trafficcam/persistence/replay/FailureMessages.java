package dev.trafficcam.persistence.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.PersistenceEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The persistence event inside a failure-queue message: either Lambda's on-failure destination record (the event is its
 * {@code requestPayload}) or the event itself (what the inference function sends when the hand-off fails). Empty when
 * the message is neither.
 */
public final class FailureMessages {
    private FailureMessages() {}

    public static Optional<byte[]> event(String body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        JsonNode event = json.has("requestPayload") && json.has("requestContext") ? json.get("requestPayload") : json;
        if (event == null || !event.isObject() || !event.has("schemaVersion") || !event.has("frameId")) {
            return Optional.empty();
        }
        byte[] bytes = event.toString().getBytes(StandardCharsets.UTF_8);
        try {
            PersistenceEvents.fromJson(bytes);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(bytes);
    }
}
