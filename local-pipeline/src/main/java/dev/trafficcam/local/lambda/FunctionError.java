package dev.trafficcam.local.lambda;

import dev.trafficcam.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function error as Lambda reports it: {@code {"errorType":..,"errorMessage":..}} (and the runtime's stack trace).
 */
public final class FunctionError extends Exception {
    private final byte[] payload;
    private final String type;

    FunctionError(String type, String message) {
        super(type + ": " + message);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("errorType", type);
        error.put("errorMessage", message);
        this.payload = Json.writeBytes(error);
        this.type = type;
    }

    FunctionError(byte[] payload, String typeHeader) {
        super(describe(payload, typeHeader));
        this.payload = payload;
        this.type = typeHeader;
    }

    public byte[] payload() {
        return payload;
    }

    public String type() {
        return type;
    }

    private static String describe(byte[] payload, String typeHeader) {
        try {
            var json = Json.mapper().readTree(payload);
            List<String> parts = new ArrayList<>();
            if (json.hasNonNull("errorType")) {
                parts.add(json.get("errorType").asText());
            } else if (typeHeader != null) {
                parts.add(typeHeader);
            }
            if (json.hasNonNull("errorMessage")) {
                parts.add(json.get("errorMessage").asText());
            }
            return String.join(": ", parts);
        } catch (IOException e) {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }
}
