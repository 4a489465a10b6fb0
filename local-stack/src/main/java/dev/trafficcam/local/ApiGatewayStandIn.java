package dev.trafficcam.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.trafficcam.local.lambda.DeployedFunction;
import dev.trafficcam.local.lambda.FunctionError;
import dev.trafficcam.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Maps HTTP requests to API Gateway REST proxy events and invokes the inference function with them,
 * as the deployed API does: {@code POST /frames/{fileName}}, bodies of the binary media types
 * (image/jpeg, image/png) base64-encoded, others as text, a request id, and API Gateway's 10 MB
 * payload limit (413). The event has the REST proxy format of aws-lambda-java-libs' sample event
 * ({@code aws-lambda-java-tests} {@code apigw_rest_event.json}). A function error is API Gateway's
 * 502 {@code {"message": "Internal server error"}}; a cold start adds {@code init;dur=..} to Server-Timing.
 */
final class ApiGatewayStandIn {
    static final int PAYLOAD_LIMIT = 10 * 1024 * 1024;
    private static final Set<String> BINARY_MEDIA_TYPES = Set.of("image/jpeg", "image/png");
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private final DeployedFunction function;
    private final Consumer<String> log;
    private final java.util.concurrent.ConcurrentLinkedQueue<Integer> lostAnswers = new java.util.concurrent.ConcurrentLinkedQueue<>();

    ApiGatewayStandIn(DeployedFunction function, Consumer<String> log) {
        this.function = function;
        this.log = log;
    }

    /**
     * Fault injection: the next answers are lost after the function ran, and the camera gets these
     * statuses instead, as API Gateway gives them: 504 when its 29 s integration time-out passed
     * while the function went on, 503 or 502 when the answer did not make it back. The frame was
     * handed off all the same; the camera's resend must not count it twice.
     */
    void loseNextAnswers(List<Integer> statuses) {
        lostAnswers.addAll(statuses);
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
        DeployedFunction.Invocation invocation;
        try {
            invocation = function.invoke(Json.writeBytes(proxyEvent(exchange, body, requestId)));
        } catch (FunctionError e) {
            log.accept("api: " + function.spec().name() + " failed: " + e.getMessage());
            HttpExchanges.send(exchange, 502, Map.of("Content-Type", "application/json", "x-amzn-RequestId", requestId,
                    "x-amzn-ErrorType", "InternalServerErrorException"), "{\"message\": \"Internal server error\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Integer lost = lostAnswers.poll();
        if (lost != null) {
            String message = lost == 504 ? "Endpoint request timed out" : lost == 503 ? "Service Unavailable" : "Internal server error";
            log.accept("api: FAULT INJECTION: the answer to request " + requestId + " is lost; the camera gets " + lost);
            HttpExchanges.send(exchange, lost, Map.of("Content-Type", "application/json", "x-amzn-RequestId", requestId),
                    ("{\"message\": \"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        JsonNode response = Json.mapper().readTree(invocation.payload());
        Map<String, String> headers = new HashMap<>();
        response.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        headers.put("x-amzn-RequestId", requestId);
        if (invocation.cold()) {
            headers.merge("Server-Timing", "init;dur=" + invocation.coldStartMillis(), (a, b) -> a + ", " + b);
        }
        String text = response.path("body").isNull() ? null : response.path("body").asText(null);
        byte[] responseBody = text == null ? new byte[0]
                : response.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(text)
                : text.getBytes(StandardCharsets.UTF_8);
        HttpExchanges.send(exchange, response.path("statusCode").asInt(502), headers, responseBody);
    }

    private static Map<String, Object> proxyEvent(HttpExchange exchange, byte[] body, String requestId) {
        String rawPath = exchange.getRequestURI().getRawPath();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.getFirst());
            multiValueHeaders.put(name, new ArrayList<>(values));
        });
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String bareType = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        boolean binary = BINARY_MEDIA_TYPES.contains(bareType);
        Instant now = Instant.now();
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("resourcePath", "/frames/{fileName}");
        requestContext.put("httpMethod", exchange.getRequestMethod());
        requestContext.put("path", "/local" + exchange.getRequestURI().getPath());
        requestContext.put("stage", "local");
        requestContext.put("requestId", requestId);
        requestContext.put("requestTime", REQUEST_TIME.format(now));
        requestContext.put("requestTimeEpoch", now.toEpochMilli());
        requestContext.put("protocol", "HTTP/1.1");
        requestContext.put("identity", Map.of("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress(),
                "userAgent", String.valueOf(headers.get("User-agent"))));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", "/frames/{fileName}");
        event.put("path", exchange.getRequestURI().getPath());
        event.put("httpMethod", exchange.getRequestMethod());
        event.put("headers", headers);
        event.put("multiValueHeaders", multiValueHeaders);
        event.put("queryStringParameters", null);
        event.put("multiValueQueryStringParameters", null);
        event.put("pathParameters", rawPath.startsWith("/frames/") && rawPath.length() > "/frames/".length() && rawPath.indexOf('/', 8) < 0
                ? Map.of("fileName", rawPath.substring("/frames/".length())) : null);
        event.put("stageVariables", null);
        event.put("requestContext", requestContext);
        event.put("body", body.length == 0 ? null : binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", binary);
        return event;
    }
}
