package dev.trafficcam.access;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.db.DatabaseConnections;
import dev.trafficcam.db.DatabaseSession;
import dev.trafficcam.db.DatabaseSettings;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidFrameNameException;
import dev.trafficcam.model.Json;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operators' routes, behind IAM authorization (the caller signs with SigV4 and needs {@code execute-api:Invoke} on
 * them):
 *
 * <ul>
 *   <li>{@code POST /admin/cameras} {@code {"address","city","country"}}: registers a camera and issues its key (201);
 *   <li>{@code GET /admin/cameras}: every camera with its live key's id, creation and last-seen time;
 *   <li>{@code POST /admin/cameras/rotate}: a new key, the old one revoked;
 *   <li>{@code POST /admin/cameras/revoke}: the live key revoked;
 *   <li>{@code POST /admin/viewers} {@code {"viewer"}}, {@code GET /admin/viewers}, {@code POST /admin/viewers/rotate}
 *       and {@code POST /admin/viewers/revoke}: the same for the viewers' keys, which read the counts.
 * </ul>
 *
 * A key's secret is in the answer to add and rotate only. Errors are RFC 9457 problems.
 */
public final class CameraAdminHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    public static final String BASE_PATH = "/admin/cameras";
    public static final String VIEWERS_PATH = "/admin/viewers";
    static final String PROBLEM_PREFIX = "urn:problem-type:traffic-camera:";

    private final CameraKeys keys;
    private final ViewerKeys viewers;
    private final long revocationBoundSeconds;

    /** Used by Lambda: the database from the environment; {@code KEY_CACHE_SECONDS} is the authorizer's cache TTL. */
    public CameraAdminHandler() {
        this(
                new DatabaseSession(new DatabaseConnections(DatabaseSettings.fromEnvironment(System.getenv()))),
                Long.parseLong(System.getenv().getOrDefault("KEY_CACHE_SECONDS", "300")));
    }

    private CameraAdminHandler(DatabaseSession session, long revocationBoundSeconds) {
        this(
                new CameraKeys(session, new SecureRandom(), Clock.systemUTC()),
                new ViewerKeys(session, new SecureRandom(), Clock.systemUTC()),
                revocationBoundSeconds);
    }

    /**
     * @param revocationBoundSeconds how long a revoked key may still be accepted: the authorizer's cache TTL, told to
     *     the operator with each revocation
     */
    public CameraAdminHandler(CameraKeys keys, ViewerKeys viewers, long revocationBoundSeconds) {
        this.keys = keys;
        this.viewers = viewers;
        this.revocationBoundSeconds = revocationBoundSeconds;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String path = event.getPath() == null ? "" : event.getPath().replaceAll("/+$", "");
        String method = event.getHttpMethod() == null ? "" : event.getHttpMethod();
        try {
            return switch (path) {
                case BASE_PATH ->
                    switch (method) {
                        case "GET" ->
                            answer(
                                    200,
                                    Map.of(
                                            "cameras",
                                            keys.list().stream()
                                                    .map(CameraAdminHandler::entry)
                                                    .toList()));
                        case "POST" -> answer(201, issued(keys.add(camera(event))));
                        default -> notAllowed(method, "GET, POST");
                    };
                case BASE_PATH + "/rotate" ->
                    method.equals("POST")
                            ? answer(200, issued(keys.rotate(camera(event))))
                            : notAllowed(method, "POST");
                case BASE_PATH + "/revoke" -> {
                    if (!method.equals("POST")) {
                        yield notAllowed(method, "POST");
                    }
                    Camera camera = camera(event);
                    yield revoked(cameraMembers(camera), keys.revoke(camera));
                }
                case VIEWERS_PATH ->
                    switch (method) {
                        case "GET" ->
                            answer(
                                    200,
                                    Map.of(
                                            "viewers",
                                            viewers.list().stream()
                                                    .map(CameraAdminHandler::entry)
                                                    .toList()));
                        case "POST" -> answer(201, issued(viewers.add(viewer(event))));
                        default -> notAllowed(method, "GET, POST");
                    };
                case VIEWERS_PATH + "/rotate" ->
                    method.equals("POST")
                            ? answer(200, issued(viewers.rotate(viewer(event))))
                            : notAllowed(method, "POST");
                case VIEWERS_PATH + "/revoke" -> {
                    if (!method.equals("POST")) {
                        yield notAllowed(method, "POST");
                    }
                    String viewer = viewer(event);
                    Map<String, Object> whose = new LinkedHashMap<>();
                    whose.put("viewer", viewer);
                    yield revoked(whose, viewers.revoke(viewer));
                }
                default ->
                    problem(
                            404,
                            "not-found",
                            "There is no such resource",
                            "the operators' routes are under " + BASE_PATH + " and " + VIEWERS_PATH);
            };
        } catch (BadViewer e) {
            return problem(400, "invalid-viewer", "The viewer is not given as the API expects", e.getMessage());
        } catch (BadRequest e) {
            return problem(400, "invalid-camera", "The camera is not given as the API expects", e.getMessage());
        } catch (CameraKeys.KeyStateException e) {
            return e.conflict()
                    ? problem(
                            409,
                            "camera-key-conflict",
                            "The camera's key is not in a state that allows this",
                            e.getMessage())
                    : problem(404, "unknown-camera", "There is no such camera or key", e.getMessage());
        }
    }

    private static class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * The answer to a revocation: whose key, which key, and how long it may still be accepted (the authorizer's cache).
     */
    private APIGatewayProxyResponseEvent revoked(Map<String, Object> whose, String keyId) {
        whose.put("revokedKeyId", keyId);
        whose.put("refusedWithinSeconds", revocationBoundSeconds);
        return answer(200, whose);
    }

    private static final class BadViewer extends BadRequest {
        BadViewer(String message) {
            super(message);
        }
    }

    /** The viewer in the body, {@code {"viewer": "name"}}. */
    private static String viewer(APIGatewayProxyRequestEvent event) {
        JsonNode body;
        try {
            body = body(event, "{\"viewer\": ..}");
            return ViewerKeys.checked(text(body, "viewer"));
        } catch (BadRequest | IllegalArgumentException e) {
            throw new BadViewer(e.getMessage());
        }
    }

    /** The camera in the body, spelled as its frames' file names spell it. */
    private static Camera camera(APIGatewayProxyRequestEvent event) {
        JsonNode body = body(event, "{\"address\": .., \"city\": .., \"country\": ..}");
        try {
            return FrameName.camera(text(body, "address"), text(body, "city"), text(body, "country"));
        } catch (InvalidFrameNameException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static JsonNode body(APIGatewayProxyRequestEvent event, String shape) {
        JsonNode body;
        try {
            String text = event.getBody() == null
                    ? ""
                    : event.getIsBase64Encoded() != null && event.getIsBase64Encoded()
                            ? new String(
                                    java.util.Base64.getDecoder().decode(event.getBody()),
                                    java.nio.charset.StandardCharsets.UTF_8)
                            : event.getBody();
            body = Json.mapper().readTree(text);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadRequest("the body is not JSON: send " + shape);
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest("the body must be a JSON object " + shape);
        }
        return body;
    }

    private static String text(JsonNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || !value.isTextual()) {
            throw new BadRequest("the member \"" + member + "\" is missing or not a string");
        }
        return value.asText();
    }

    private static Map<String, Object> cameraMembers(Camera camera) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("address", camera.address());
        members.put("city", camera.city());
        members.put("country", camera.country());
        return members;
    }

    private static Map<String, Object> issued(CameraKeys.Issued issued) {
        Map<String, Object> body = cameraMembers(issued.camera());
        body.put("keyId", issued.key().id().toString());
        body.put("createdAt", issued.createdAt().toString());
        body.put("key", issued.key().text());
        if (issued.revokedKeyId() != null) {
            body.put("revokedKeyId", issued.revokedKeyId());
        }
        return body;
    }

    private static Map<String, Object> issued(ViewerKeys.Issued issued) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("viewer", issued.viewer());
        body.put("keyId", issued.key().id().toString());
        body.put("createdAt", issued.createdAt().toString());
        body.put("key", issued.key().text());
        if (issued.revokedKeyId() != null) {
            body.put("revokedKeyId", issued.revokedKeyId());
        }
        return body;
    }

    private static Map<String, Object> entry(ViewerKeys.Entry entry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("viewer", entry.viewer());
        body.put("keyId", entry.keyId());
        body.put("keyCreatedAt", text(entry.keyCreatedAt()));
        body.put("lastSeenAt", text(entry.lastSeenAt()));
        return body;
    }

    private static Map<String, Object> entry(CameraKeys.Entry entry) {
        Map<String, Object> body = cameraMembers(entry.camera());
        body.put("keyId", entry.keyId());
        body.put("keyCreatedAt", text(entry.keyCreatedAt()));
        body.put("lastSeenAt", text(entry.lastSeenAt()));
        return body;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static APIGatewayProxyResponseEvent notAllowed(String method, String allow) {
        APIGatewayProxyResponseEvent response = problem(
                405,
                "method-not-allowed",
                "The method is not allowed here",
                method + " is not supported here; use " + allow);
        response.getHeaders().put("Allow", allow);
        return response;
    }

    static APIGatewayProxyResponseEvent problem(int status, String slug, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", PROBLEM_PREFIX + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return respond(status, "application/problem+json", body);
    }

    private static APIGatewayProxyResponseEvent answer(int status, Map<String, ?> body) {
        return respond(status, "application/json", body);
    }

    private static APIGatewayProxyResponseEvent respond(int status, String contentType, Map<String, ?> body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        // the answers to add and rotate hold a secret: no cache may keep them
        headers.put("Cache-Control", "no-store");
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(Json.write(body))
                .withIsBase64Encoded(false);
    }
}
