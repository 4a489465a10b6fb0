package dev.trafficcam.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import dev.trafficcam.inference.InferenceHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Maps HTTP requests to API Gateway REST proxy events for the inference handler, as the deployed API
 * does: {@code POST /frames/{fileName}}, bodies of the binary media types (image/jpeg, image/png)
 * base64-encoded, others as text, a request id, and API Gateway's 10 MB payload limit (413).
 */
final class ApiGatewayStandIn {
    static final int PAYLOAD_LIMIT = 10 * 1024 * 1024;
    private static final Set<String> BINARY_MEDIA_TYPES = Set.of("image/jpeg", "image/png");
    private final InferenceHandler handler;

    ApiGatewayStandIn(InferenceHandler handler) {
        this.handler = handler;
    }

    void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(PAYLOAD_LIMIT + 1);
        }
        if (body.length > PAYLOAD_LIMIT) {
            String problem = "{\"type\":\"urn:problem-type:traffic-camera:frame-too-large\",\"title\":\"The frame is larger "
                    + "than this API accepts\",\"status\":413,\"detail\":\"the request is larger than API Gateway's 10 MB limit\","
                    + "\"requestId\":\"" + requestId + "\"}";
            HttpExchanges.send(exchange, 413, Map.of("Content-Type", "application/problem+json", "x-amzn-RequestId", requestId),
                    problem.getBytes(StandardCharsets.UTF_8));
            return;
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        Map<String, String> headers = new HashMap<>();
        Map<String, List<String>> multiValueHeaders = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.getFirst());
            multiValueHeaders.put(name, new ArrayList<>(values));
        });
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String bareType = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        boolean binary = BINARY_MEDIA_TYPES.contains(bareType);
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod(exchange.getRequestMethod())
                .withResource("/frames/{fileName}")
                .withPath(exchange.getRequestURI().getPath())
                .withHeaders(headers)
                .withMultiValueHeaders(multiValueHeaders)
                .withIsBase64Encoded(binary)
                .withBody(body.length == 0 ? null : binary ? Base64.getEncoder().encodeToString(body)
                        : new String(body, StandardCharsets.UTF_8))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(requestId).withStage("local").withHttpMethod(exchange.getRequestMethod()));
        if (rawPath.startsWith("/frames/") && rawPath.length() > "/frames/".length() && rawPath.indexOf('/', 8) < 0) {
            event.setPathParameters(Map.of("fileName", rawPath.substring("/frames/".length())));
        }
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        Map<String, String> responseHeaders = new HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
        responseHeaders.put("x-amzn-RequestId", requestId);
        byte[] responseBody = response.getBody() == null ? new byte[0]
                : Boolean.TRUE.equals(response.getIsBase64Encoded()) ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        HttpExchanges.send(exchange, response.getStatusCode(), responseHeaders, responseBody);
    }
}
