package dev.trafficcam.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.CaptureTimes;
import dev.trafficcam.model.CountingZones;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidFrameNameException;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.ViewerScope;
import dev.trafficcam.model.functions.OperatorRoutes;
import dev.trafficcam.model.functions.ProblemDetail;
import dev.trafficcam.support.ProxyResponses;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators' routes, behind IAM authorization (the caller signs with SigV4 and needs {@code execute-api:Invoke} on
 * them):
 *
 * <ul>
 *   <li>{@code POST /admin/cameras} {@code {"address","city","country","timeZone"}}: registers a camera and issues its
 *       key (201); {@code timeZone}, an IANA zone, is optional (the deployment's default);
 *   <li>{@code GET /admin/cameras}: every camera with its live key's id, creation and last-seen time;
 *   <li>{@code POST /admin/cameras/rotate}: a new key, the old one revoked;
 *   <li>{@code POST /admin/cameras/revoke}: the live key revoked;
 *   <li>{@code POST /admin/cameras/zones} {@code {"address","city","country","zones": ["x,y x,y x,y", ...]}}: where the
 *       camera counts, polygons in 0..1 image coordinates; {@code []} for the whole frame (200);
 *   <li>{@code POST /admin/viewers} {@code {"viewer", "cameras": [{"address","city","country"}], "images": false}}
 *       (both optional: every camera, images included), {@code GET /admin/viewers}, {@code POST /admin/viewers/rotate}
 *       and {@code POST /admin/viewers/revoke}: the same for the viewers' keys, which read the counts.
 * </ul>
 *
 * A key's secret is in the answer to add and rotate only. Errors are RFC 9457 problems.
 */
public final class OperatorsApi {
    private final CameraKeys keys;
    private final ViewerKeys viewers;
    private final long revocationBoundSeconds;

    /**
     * @param revocationBoundSeconds how long a revoked key may still be accepted: the authorizer's cache TTL, told to
     *     the operator with each revocation
     */
    public OperatorsApi(CameraKeys keys, ViewerKeys viewers, long revocationBoundSeconds) {
        this.keys = keys;
        this.viewers = viewers;
        this.revocationBoundSeconds = revocationBoundSeconds;
    }

    /**
     * Answers one request.
     *
     * @param path without a trailing slash
     * @param body the request's body as text, or null
     */
    public APIGatewayProxyResponseEvent answer(String method, String path, String body) {
        try {
            return switch (path) {
                case OperatorRoutes.CAMERAS ->
                    switch (method) {
                        case "GET" ->
                            answer(
                                    200,
                                    Map.of(
                                            "cameras",
                                            keys.list().stream()
                                                    .map(OperatorsApi::entry)
                                                    .toList()));
                        case "POST" -> answer(201, issued(keys.add(camera(body), timeZone(body))));
                        default -> notAllowed(method, "GET, POST");
                    };
                case OperatorRoutes.CAMERAS + "/rotate" ->
                    method.equals("POST") ? answer(200, issued(keys.rotate(camera(body)))) : notAllowed(method, "POST");
                case OperatorRoutes.CAMERAS + "/zones" -> {
                    if (!method.equals("POST")) {
                        yield notAllowed(method, "POST");
                    }
                    Camera camera = camera(body);
                    CountingZones zones = zones(body);
                    keys.setZones(camera, zones);
                    Map<String, Object> members = cameraMembers(camera);
                    members.put("countingZones", zones.wholeFrame() ? null : zones.text());
                    yield answer(200, members);
                }
                case OperatorRoutes.CAMERAS + "/revoke" -> {
                    if (!method.equals("POST")) {
                        yield notAllowed(method, "POST");
                    }
                    Camera camera = camera(body);
                    yield revoked(cameraMembers(camera), keys.revoke(camera));
                }
                case OperatorRoutes.VIEWERS ->
                    switch (method) {
                        case "GET" ->
                            answer(
                                    200,
                                    Map.of(
                                            "viewers",
                                            viewers.list().stream()
                                                    .map(OperatorsApi::entry)
                                                    .toList()));
                        case "POST" -> {
                            String viewer = viewer(body); // says what is wrong with a body that is not one
                            JsonNode request = body(body, "{\"viewer\": ..}");
                            yield answer(
                                    201, issued(viewers.add(viewer, viewerCameras(request), viewerImages(request))));
                        }
                        default -> notAllowed(method, "GET, POST");
                    };
                case OperatorRoutes.VIEWERS + "/rotate" ->
                    method.equals("POST")
                            ? answer(200, issued(viewers.rotate(viewer(body))))
                            : notAllowed(method, "POST");
                case OperatorRoutes.VIEWERS + "/revoke" -> {
                    if (!method.equals("POST")) {
                        yield notAllowed(method, "POST");
                    }
                    String viewer = viewer(body);
                    yield revoked(viewerMembers(viewer), viewers.revoke(viewer));
                }
                default ->
                    problem(
                            404,
                            "not-found",
                            "There is no such resource",
                            "the operators' routes are under " + OperatorRoutes.CAMERAS + " and "
                                    + OperatorRoutes.VIEWERS);
            };
        } catch (BadViewer e) {
            return problem(400, "invalid-viewer", "The viewer is not given as the API expects", e.getMessage());
        } catch (BadRequest e) {
            return problem(400, "invalid-camera", "The camera is not given as the API expects", e.getMessage());
        } catch (KeyStateException e) {
            String holder = e.holder().word();
            return e.conflict()
                    ? problem(
                            409,
                            holder + "-key-conflict",
                            "The " + holder + "'s key is not in a state that allows this",
                            e.getMessage())
                    : problem(404, "unknown-" + holder, "There is no such " + holder + " or key", e.getMessage());
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
    private static String viewer(String text) {
        return viewer(viewerBody(text));
    }

    private static String viewer(JsonNode body) {
        try {
            return ViewerKeys.checked(text(body, "viewer"));
        } catch (BadRequest | IllegalArgumentException e) {
            throw new BadViewer(e.getMessage());
        }
    }

    /** A viewer route's body as JSON; what is wrong with it is the viewer's problem (400 invalid-viewer). */
    private static JsonNode viewerBody(String text) {
        try {
            return body(text, "{\"viewer\": ..}");
        } catch (BadRequest e) {
            throw new BadViewer(e.getMessage());
        }
    }

    /** The cameras a new viewer key is limited to: {@code "cameras": [{"address", "city", "country"}, ...]}. */
    private static List<Camera> viewerCameras(JsonNode body) {
        JsonNode cameras = body.path("cameras");
        if (cameras.isMissingNode() || cameras.isNull()) {
            return List.of();
        }
        if (!cameras.isArray() || cameras.isEmpty()) {
            throw new BadViewer("\"cameras\" must be a non-empty list of {\"address\", \"city\", \"country\"},"
                    + " or left out for every camera");
        }
        List<Camera> list = new ArrayList<>();
        for (JsonNode c : cameras) {
            try {
                list.add(FrameName.camera(text(c, "address"), text(c, "city"), text(c, "country")));
            } catch (InvalidFrameNameException | BadRequest e) {
                throw new BadViewer("a camera in \"cameras\": " + e.getMessage());
            }
        }
        return list;
    }

    /** Whether a new viewer key sees images: {@code "images": false} for counts only; true when left out. */
    private static boolean viewerImages(JsonNode body) {
        JsonNode images = body.path("images");
        if (images.isMissingNode() || images.isNull()) {
            return true;
        }
        if (!images.isBoolean()) {
            throw new BadViewer("\"images\" must be true or false");
        }
        return images.asBoolean();
    }

    /** The camera in the body, spelled as its frames' file names spell it. */
    private static Camera camera(String text) {
        JsonNode body = body(text, "{\"address\": .., \"city\": .., \"country\": ..}");
        try {
            return FrameName.camera(text(body, "address"), text(body, "city"), text(body, "country"));
        } catch (InvalidFrameNameException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** The polygons in the body, {@code "zones": ["x,y x,y x,y", ...]}, checked ({@link CountingZones#parse}). */
    private static CountingZones zones(String text) {
        JsonNode zones = body(text, "{\"address\": .., \"city\": .., \"country\": .., \"zones\": [\"x,y x,y x,y\"]}")
                .get("zones");
        if (zones == null || !zones.isArray()) {
            throw new BadRequest("the member \"zones\" is missing or not a list of polygons \"x,y x,y x,y\"; []"
                    + " counts the whole frame");
        }
        List<String> polygons = new java.util.ArrayList<>();
        for (JsonNode polygon : zones) {
            if (!polygon.isTextual()) {
                throw new BadRequest("each of \"zones\" is a polygon as text, \"x,y x,y x,y\", got " + polygon);
            }
            polygons.add(polygon.asText());
        }
        try {
            return CountingZones.parse(polygons);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** The camera's time zone in the body, {@code "timeZone": "Europe/Brussels"}; null when left out. */
    private static java.time.ZoneId timeZone(String text) {
        JsonNode zone = body(text, "{\"address\": .., \"city\": .., \"country\": .., \"timeZone\": ..}")
                .get("timeZone");
        if (zone == null || zone.isNull()) {
            return null;
        }
        try {
            return CaptureTimes.zone(zone.isTextual() ? zone.asText() : zone.toString());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the member \"timeZone\": " + e.getMessage());
        }
    }

    private static JsonNode body(String text, String shape) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(text == null ? "" : text);
        } catch (IOException e) {
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
        return issued(cameraMembers(issued.camera()), issued.key(), issued.createdAt(), issued.revokedKeyId());
    }

    private static Map<String, Object> issued(ViewerKeys.Issued issued) {
        Map<String, Object> whose = viewerMembers(issued.viewer());
        scopeMembers(whose, issued.scope());
        return issued(whose, issued.key(), issued.createdAt(), issued.revokedKeyId());
    }

    /** What a viewer key reads: {@code "cameras": [ids] or null} (every camera), {@code "images"}. */
    private static void scopeMembers(Map<String, Object> members, ViewerScope scope) {
        members.put("cameras", scope.cameras().map(List::copyOf).orElse(null));
        members.put("images", scope.images());
    }

    /** A key just issued, after whose it is: the one answer that holds its secret. */
    private static Map<String, Object> issued(
            Map<String, Object> whose, AccessKey key, Instant createdAt, String revokedKeyId) {
        whose.put("keyId", key.id().toString());
        whose.put("createdAt", createdAt.toString());
        whose.put("key", key.text());
        if (revokedKeyId != null) {
            whose.put("revokedKeyId", revokedKeyId);
        }
        return whose;
    }

    private static Map<String, Object> entry(ViewerKeys.Entry entry) {
        Map<String, Object> whose = viewerMembers(entry.viewer());
        scopeMembers(whose, entry.scope());
        return entry(whose, entry.keyId(), entry.keyCreatedAt(), entry.lastSeenAt());
    }

    private static Map<String, Object> entry(CameraKeys.Entry entry) {
        Map<String, Object> whose = cameraMembers(entry.camera());
        whose.put("timeZone", entry.timeZone());
        whose.put("countingZones", entry.zones());
        return entry(whose, entry.keyId(), entry.keyCreatedAt(), entry.lastSeenAt());
    }

    /** One line of a list: whose, and its live key's id, creation and last use. */
    private static Map<String, Object> entry(
            Map<String, Object> whose, String keyId, Instant keyCreatedAt, Instant lastSeenAt) {
        whose.put("keyId", keyId);
        whose.put("keyCreatedAt", text(keyCreatedAt));
        whose.put("lastSeenAt", text(lastSeenAt));
        return whose;
    }

    private static Map<String, Object> viewerMembers(String viewer) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("viewer", viewer);
        return members;
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
        return ProxyResponses.problem(new ProblemDetail(status, slug, title, detail));
    }

    /** The answers to add and rotate hold a secret: ProxyResponses marks every answer no-store. */
    private static APIGatewayProxyResponseEvent answer(int status, Map<String, ?> body) {
        return ProxyResponses.json(status, body);
    }
}
