package dev.trafficcam.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Small helpers for the stand-ins' HTTP answers. */
final class HttpExchanges {
    private HttpExchanges() {}

    static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** An AWS JSON-protocol error: {@code x-amzn-ErrorType} and a {@code message}. */
    static void awsError(HttpExchange exchange, int status, String type, String message) throws IOException {
        String json = "{\"__type\":\"" + type + "\",\"message\":" + dev.trafficcam.model.Json.write(message) + "}";
        send(
                exchange,
                status,
                Map.of("Content-Type", "application/json", "x-amzn-ErrorType", type),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
