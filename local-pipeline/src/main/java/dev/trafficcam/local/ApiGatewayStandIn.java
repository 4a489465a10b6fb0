package dev.trafficcam.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.trafficcam.local.lambda.DeployedFunction;
import dev.trafficcam.local.lambda.FunctionError;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.GatewayErrors;
import dev.trafficcam.model.functions.GatewayProblems;
import dev.trafficcam.model.functions.OperatorRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Maps HTTP requests to API Gateway REST proxy events and invokes the functions with them, as the deployed API does:
 * {@code POST /frames/{fileName}} to the inference function behind the camera authorizer, the read routes ({@code GET
 * /cameras}, {@code /cameras/{cameraId}/counts|frames}, {@code /frames/{fileName}}) to the read function behind the
 * same authorizer, the dashboard ({@code GET /}, {@code /dashboard/{file}}) to the read function without it,
 * {@code /admin/...} to the camera admin function; bodies of the binary media types (image/jpeg, image/png)
 * base64-encoded, others as text, a request id, and API Gateway's 10 MB payload limit (413). The event has the REST
 * proxy format of aws-lambda-java-libs' sample event ({@code aws-lambda-java-tests} {@code apigw_rest_event.json}). A
 * function error is API Gateway's 502 {@code {"message": "Internal server error"}}; a cold start adds
 * {@code init;dur=..} to Server-Timing.
 *
 * <p>The authorizer runs as API Gateway runs a TOKEN authorizer (developer guide, "Use API Gateway Lambda
 * authorizers"): a missing header, or one that does not match the identity validation expression, is 401 without
 * calling it; its answer is cached per header value for the TTL; the request goes on only if an Allow statement of the
 * policy covers the method's ARN and no Deny does (else 403); a failed authorizer is the AUTHORIZER_FAILURE response;
 * its context reaches the function as {@code requestContext.authorizer}. The answers are the CDK app's gateway
 * responses ({@link GatewayProblems}). The authorizer's {@code usageIdentifierKey} then goes through the cameras' usage
 * plan ({@link UsagePlanStandIn}): not in it, 403; over its limits, 429.
 *
 * <p>Not as in AWS: the operators' routes are not IAM-checked (no SigV4 verification); the cache TTL is the local
 * stack's option (seconds), not 3600 s.
 */
final class ApiGatewayStandIn {
    static final int PAYLOAD_LIMIT = 10 * 1024 * 1024;
    private static final String ACCOUNT = "000000000000";
    private static final java.util.regex.Pattern KEY_SHAPE =
            java.util.regex.Pattern.compile(dev.trafficcam.model.CameraGrant.KEY_HEADER_PATTERN);
    private static final Set<String> BINARY_MEDIA_TYPES = Set.of("image/jpeg", "image/png");
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private final DeployedFunction inference;
    private final DeployedFunction authorizer;
    private final DeployedFunction admin;
    private final DeployedFunction erasure;
    private final DeployedFunction read;
    private final Duration keyCacheTtl;
    private final UsagePlanStandIn usagePlan;
    private final Consumer<String> log;
    private final java.util.concurrent.ConcurrentLinkedQueue<Integer> lostAnswers =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<String, CachedAnswer> authorizerCache = new ConcurrentHashMap<>();
    private final AtomicInteger authorizerCalls = new AtomicInteger();

    private record CachedAnswer(JsonNode answer, long expiresAtNanos) {}

    ApiGatewayStandIn(
            DeployedFunction inference,
            DeployedFunction authorizer,
            DeployedFunction admin,
            DeployedFunction erasure,
            DeployedFunction read,
            Duration keyCacheTtl,
            UsagePlanStandIn usagePlan,
            Consumer<String> log) {
        this.inference = inference;
        this.authorizer = authorizer;
        this.admin = admin;
        this.erasure = erasure;
        this.read = read;
        this.keyCacheTtl = keyCacheTtl;
        this.usagePlan = usagePlan;
        this.log = log;
        usagePlan.onFlushAuthorizers(authorizerCache::clear);
    }

    /** How many times the authorizer function ran (cache misses). */
    int authorizerCalls() {
        return authorizerCalls.get();
    }

    /**
     * Fault injection: the next answers are lost after the function ran, and the camera gets these statuses instead, as
     * API Gateway gives them: 504 when its 29 s integration time-out passed while the function went on, 503 or 502 when
     * the answer did not make it back. The frame was handed off all the same; the camera's resend must not count it
     * twice.
     */
    void loseNextAnswers(List<Integer> statuses) {
        lostAnswers.addAll(statuses);
    }

    void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getRawPath().startsWith(UsagePlanStandIn.PATH + "/")) {
            usagePlan.handle(exchange);
            return;
        }
        String requestId = UUID.randomUUID().toString();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(PAYLOAD_LIMIT + 1);
        }
        if (body.length > PAYLOAD_LIMIT) {
            // the rest of the body is never read: the connection cannot carry another request, so say so and close it
            // (otherwise a client that reuses it sees a reset, and only GETs are retried by the JDK's client)
            exchange.getResponseHeaders().set("Connection", "close");
            sendProblem(exchange, GatewayProblems.REQUEST_TOO_LARGE, requestId);
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals(OperatorRoutes.ERASURES) || path.equals(OperatorRoutes.ERASURES + "/")) {
            if (!exchange.getRequestMethod().equals("POST")) {
                // the resource has POST only: API Gateway answers any other method itself
                sendProblem(exchange, GatewayProblems.MISSING_AUTHENTICATION_TOKEN, requestId);
                return;
            }
            invoke(
                    exchange,
                    erasure,
                    proxyEvent(exchange, body, requestId, new Route(OperatorRoutes.ERASURES, null), null),
                    requestId,
                    false);
            return;
        }
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            invoke(
                    exchange,
                    admin,
                    proxyEvent(
                            exchange,
                            body,
                            requestId,
                            new Route(
                                    "/admin/{proxy+}",
                                    path.startsWith("/admin/")
                                            ? Map.of(
                                                    "proxy",
                                                    exchange.getRequestURI()
                                                            .getRawPath()
                                                            .substring("/admin/".length()))
                                            : null),
                            null),
                    requestId,
                    false);
            return;
        }
        Optional<Route> route =
                route(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        if (route.isEmpty()) {
            // API Gateway answers a resource or method the API does not have itself
            sendProblem(exchange, GatewayProblems.MISSING_AUTHENTICATION_TOKEN, requestId);
            return;
        }
        if (route.get().open()) {
            invoke(exchange, read, proxyEvent(exchange, body, requestId, route.get(), null), requestId, false);
            return;
        }
        boolean camera = exchange.getRequestMethod().equals("POST");
        // every authorized method requires an API key: cameras' in the cameras' usage plan, viewers' in the viewers'
        Optional<Map<String, Object>> grant = authorize(exchange, requestId, true);
        if (grant.isPresent()) {
            invoke(
                    exchange,
                    camera ? inference : read,
                    proxyEvent(exchange, body, requestId, route.get(), grant.get()),
                    requestId,
                    camera);
        }
    }

    /** A method of the API: its resource path (API Gateway's template) and the values of its path parameters. */
    record Route(String resource, Map<String, String> pathParameters) {
        /** The dashboard's files: no authorizer (the page asks for the viewer key itself). */
        boolean open() {
            return resource.equals("/") || resource.equals("/dashboard/{file}");
        }
    }

    private static final java.util.regex.Pattern ONE_SEGMENT = java.util.regex.Pattern.compile("[^/]+");

    /** The API's methods, as the CDK app makes them (FramesApi); empty for anything else. */
    static Optional<Route> route(String method, String rawPath) {
        String[] parts = rawPath.substring(1).split("/", -1);
        boolean get = method.equals("GET");
        if (method.equals("POST")
                && parts.length == 2
                && parts[0].equals("frames")
                && ONE_SEGMENT.matcher(parts[1]).matches()) {
            return Optional.of(new Route("/frames/{fileName}", Map.of("fileName", parts[1])));
        }
        if (!get) {
            return Optional.empty();
        }
        if (rawPath.equals("/")) {
            return Optional.of(new Route("/", null));
        }
        if (parts.length == 2
                && parts[0].equals("dashboard")
                && ONE_SEGMENT.matcher(parts[1]).matches()) {
            return Optional.of(new Route("/dashboard/{file}", Map.of("file", parts[1])));
        }
        if (parts.length == 1 && parts[0].equals("cameras")) {
            return Optional.of(new Route("/cameras", null));
        }
        if (parts.length == 3
                && parts[0].equals("cameras")
                && ONE_SEGMENT.matcher(parts[1]).matches()
                && (parts[2].equals("counts") || parts[2].equals("frames"))) {
            return Optional.of(new Route("/cameras/{cameraId}/" + parts[2], Map.of("cameraId", parts[1])));
        }
        if (parts.length == 2
                && parts[0].equals("frames")
                && ONE_SEGMENT.matcher(parts[1]).matches()) {
            // GET shares the resource of the cameras' POST, so its parameter has the POST's name
            return Optional.of(new Route("/frames/{fileName}", Map.of("fileName", parts[1])));
        }
        return Optional.empty();
    }

    /**
     * The camera authorizer's verdict on the request, as API Gateway reaches it; empty after answering 401, 403 or the
     * authorizer failure itself.
     */
    private Optional<Map<String, Object>> authorize(HttpExchange exchange, String requestId, boolean apiKeyRequired)
            throws IOException {
        String token = exchange.getRequestHeaders().getFirst("Authorization");
        if (token == null || token.isEmpty() || !KEY_SHAPE.matcher(token).matches()) {
            sendProblem(exchange, GatewayProblems.UNAUTHORIZED, requestId);
            return Optional.empty();
        }
        String methodArn = "arn:aws:execute-api:" + LocalPipeline.REGION + ":" + ACCOUNT + ":local/local/"
                + exchange.getRequestMethod() + exchange.getRequestURI().getRawPath();
        CachedAnswer cached = authorizerCache.get(token);
        JsonNode answer;
        if (cached != null && cached.expiresAtNanos() - System.nanoTime() > 0) {
            answer = cached.answer();
        } else {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "TOKEN");
            event.put("authorizationToken", token);
            event.put("methodArn", methodArn);
            try {
                authorizerCalls.incrementAndGet();
                answer = Json.mapper()
                        .readTree(authorizer.invoke(Json.writeBytes(event)).payload());
            } catch (FunctionError e) {
                log.accept("api: " + authorizer.spec().name() + " failed: " + e.getMessage());
                sendProblem(exchange, GatewayProblems.AUTHORIZER_FAILURE, requestId);
                return Optional.empty();
            }
            if (!keyCacheTtl.isZero()) {
                authorizerCache.put(token, new CachedAnswer(answer, System.nanoTime() + keyCacheTtl.toNanos()));
            }
        }
        if (!allows(answer.path("policyDocument"), methodArn)) {
            sendProblem(exchange, GatewayProblems.ACCESS_DENIED, requestId);
            return Optional.empty();
        }
        // API key source AUTHORIZER: the key the authorizer names must be in the usage plan, and under its limits
        switch (apiKeyRequired
                ? usagePlan.admit(answer.path("usageIdentifierKey").asText(null))
                : UsagePlanStandIn.Admission.ADMITTED) {
            case NOT_IN_PLAN -> {
                sendProblem(exchange, GatewayProblems.INVALID_API_KEY, requestId);
                return Optional.empty();
            }
            case THROTTLED -> {
                sendProblem(exchange, GatewayProblems.THROTTLED, requestId);
                return Optional.empty();
            }
            case ADMITTED -> {
                // on to the function
            }
        }
        Map<String, Object> context = new LinkedHashMap<>();
        answer.path("context")
                .properties()
                .forEach(e -> context.put(e.getKey(), e.getValue().asText()));
        context.put("principalId", answer.path("principalId").asText());
        return Optional.of(context);
    }

    /** IAM's rule for the policy: some Allow statement covers the ARN and no Deny statement does. */
    static boolean allows(JsonNode policy, String methodArn) {
        boolean allowed = false;
        for (JsonNode statement : policy.path("Statement")) {
            boolean covers = false;
            JsonNode resources = statement.path("Resource");
            for (JsonNode resource : resources.isArray()
                    ? resources
                    : Json.mapper().createArrayNode().add(resources)) {
                covers |= matches(resource.asText(), methodArn);
            }
            if (covers && "Deny".equals(statement.path("Effect").asText())) {
                return false;
            }
            allowed |= covers
                    && "Allow".equals(statement.path("Effect").asText())
                    && "execute-api:Invoke".equals(statement.path("Action").asText());
        }
        return allowed;
    }

    private static boolean matches(String pattern, String arn) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return arn.matches(regex.toString());
    }

    private void invoke(
            HttpExchange exchange,
            DeployedFunction function,
            Map<String, Object> event,
            String requestId,
            boolean faultsApply)
            throws IOException {
        DeployedFunction.Invocation invocation;
        try {
            invocation = function.invoke(Json.writeBytes(event));
        } catch (FunctionError e) {
            log.accept("api: " + function.spec().name() + " failed: " + e.getMessage());
            HttpExchanges.send(
                    exchange,
                    502,
                    Map.of(
                            "Content-Type",
                            "application/problem+json",
                            "x-amzn-RequestId",
                            requestId,
                            "x-amzn-ErrorType",
                            "InternalServerErrorException"),
                    GatewayErrors.body("Internal server error", requestId).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Integer lost = faultsApply ? lostAnswers.poll() : null;
        if (lost != null) {
            String message = lost == 504
                    ? "Endpoint request timed out"
                    : lost == 503 ? "Service Unavailable" : "Internal server error";
            log.accept(
                    "api: FAULT INJECTION: the answer to request " + requestId + " is lost; the camera gets " + lost);
            HttpExchanges.send(
                    exchange,
                    lost,
                    Map.of("Content-Type", "application/problem+json", "x-amzn-RequestId", requestId),
                    GatewayErrors.body(message, requestId).getBytes(StandardCharsets.UTF_8));
            return;
        }
        JsonNode response = Json.mapper().readTree(invocation.payload());
        Map<String, String> headers = new HashMap<>();
        response.path("headers")
                .properties()
                .forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        headers.put("x-amzn-RequestId", requestId);
        if (invocation.cold()) {
            headers.merge("Server-Timing", "init;dur=" + invocation.coldStartMillis(), (a, b) -> a + ", " + b);
        }
        String text =
                response.path("body").isNull() ? null : response.path("body").asText(null);
        byte[] responseBody = text == null
                ? new byte[0]
                : response.path("isBase64Encoded").asBoolean(false)
                        ? Base64.getDecoder().decode(text)
                        : text.getBytes(StandardCharsets.UTF_8);
        HttpExchanges.send(exchange, response.path("statusCode").asInt(502), headers, responseBody);
    }

    private static void sendProblem(HttpExchange exchange, GatewayProblems problem, String requestId)
            throws IOException {
        Map<String, String> headers = new HashMap<>(problem.headers());
        headers.put("Content-Type", "application/problem+json");
        headers.put("x-amzn-RequestId", requestId);
        HttpExchanges.send(
                exchange, problem.status(), headers, problem.body(requestId).getBytes(StandardCharsets.UTF_8));
    }

    private static final java.util.regex.Pattern SIGV4_CREDENTIAL =
            java.util.regex.Pattern.compile("^AWS4-HMAC-SHA256 Credential=([A-Za-z0-9]+)/");

    private static Optional<String> signingKey(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = SIGV4_CREDENTIAL.matcher(authorization);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Map<String, Object> proxyEvent(
            HttpExchange exchange, byte[] body, String requestId, Route route, Map<String, Object> authorizer) {
        String resource = route.resource();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.getFirst());
            multiValueHeaders.put(name, new ArrayList<>(values));
        });
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String bareType =
                contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        boolean binary = BINARY_MEDIA_TYPES.contains(bareType);
        Instant now = Instant.now();
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("resourcePath", resource);
        requestContext.put("httpMethod", exchange.getRequestMethod());
        requestContext.put("path", "/local" + exchange.getRequestURI().getPath());
        requestContext.put("stage", "local");
        requestContext.put("requestId", requestId);
        requestContext.put("requestTime", REQUEST_TIME.format(now));
        requestContext.put("requestTimeEpoch", now.toEpochMilli());
        requestContext.put("protocol", "HTTP/1.1");
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        identity.put("userAgent", String.valueOf(headers.get("User-agent")));
        // an IAM-signed request's caller, as API Gateway names it once it has checked the signature (which the
        // stand-in does not): the access key of the SigV4 credential scope
        signingKey(headers.get("Authorization"))
                .ifPresentOrElse(
                        key -> identity.put("accessKey", key),
                        () -> identity.put("caller", "unsigned (the local pipeline checks no IAM)"));
        requestContext.put("identity", identity);
        if (authorizer != null) {
            requestContext.put("authorizer", authorizer);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", resource);
        event.put("path", exchange.getRequestURI().getPath());
        event.put("httpMethod", exchange.getRequestMethod());
        event.put("headers", headers);
        event.put("multiValueHeaders", multiValueHeaders);
        // the query string as API Gateway passes it: decoded, the last value of a name single, all of them multi
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(name, value);
                multiQuery.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        event.put("queryStringParameters", query.isEmpty() ? null : query);
        event.put("multiValueQueryStringParameters", multiQuery.isEmpty() ? null : multiQuery);
        event.put("pathParameters", route.pathParameters());
        event.put("stageVariables", null);
        event.put("requestContext", requestContext);
        event.put(
                "body",
                body.length == 0
                        ? null
                        : binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", binary);
        return event;
    }
}
