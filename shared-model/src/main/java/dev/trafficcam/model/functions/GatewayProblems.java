package dev.trafficcam.model.functions;

import java.time.Duration;
import java.util.Map;

/**
 * The answers API Gateway gives itself, before any function runs, as RFC 9457 problems: the CDK app sets them as the
 * REST API's gateway responses (with {@code $context.requestId} as the request id) and the local API Gateway stand-in
 * answers with the same bodies and headers.
 */
public enum GatewayProblems {
    /**
     * No {@code Authorization} header, or not the shape of a camera or viewer key: API Gateway does not call the
     * authorizer.
     */
    UNAUTHORIZED(
            401,
            "missing-key",
            "The request carries no key",
            "cameras send their key as 'Authorization: Bearer tcam_...', viewers theirs as 'Authorization: Bearer tview_...'",
            Map.of("WWW-Authenticate", "Bearer")),
    /** The authorizer denied the key (unknown, revoked, a wrong secret), or the key is not for this route. */
    ACCESS_DENIED(
            403,
            "key-refused",
            "The key is unknown, revoked, or not for this route",
            "a camera key posts frames and a viewer key reads, neither does the other; a key the operators revoked or"
                    + " rotated is refused: ask them for the current one",
            Map.of()),
    /** The authorizer failed (the database is away): a camera should send the frame again. */
    AUTHORIZER_FAILURE(
            503,
            "key-check-unavailable",
            "The camera key could not be checked",
            "the key check is unavailable for a moment; send the frame again",
            Map.of("Retry-After", "5")),
    /**
     * No such route or method: API Gateway's own answer (403 "Missing Authentication Token" by default) made what it
     * means, a 404.
     */
    MISSING_AUTHENTICATION_TOKEN(
            404,
            "not-found",
            "There is no such resource",
            "cameras POST frames to /frames/{fileName}; viewers GET /cameras, /cameras/{cameraId}/counts,"
                    + " /cameras/{cameraId}/frames and /frames/{frameId}; the dashboard is at /",
            Map.of()),
    /**
     * The key is over its usage plan's limits ({@link CameraUsagePlan}, {@link ViewerUsagePlan}); one answer for the
     * whole API (a gateway response cannot differ by route), so it names both.
     */
    THROTTLED(
            429,
            "camera-throttled",
            "The key sends faster than its limit",
            "a camera's key is limited to " + (int) CameraUsagePlan.RATE_LIMIT + " request/s (bursts of "
                    + CameraUsagePlan.BURST_LIMIT + "), a viewer's to " + (int) ViewerUsagePlan.RATE_LIMIT
                    + " (bursts of " + ViewerUsagePlan.BURST_LIMIT + "); send the request again in a moment",
            Map.of("Retry-After", "1")),
    /** The key is good but has no API key in its usage plan (the cameras or viewers command could not make it). */
    INVALID_API_KEY(
            403,
            "camera-key-unusable",
            "The key has no usage entry",
            "the key has no entry in its usage plan (the cameras' or the viewers'); ask the operators to rotate it",
            Map.of()),
    /** Over API Gateway's 10 MB payload quota. */
    REQUEST_TOO_LARGE(
            413,
            "frame-too-large",
            "The frame is larger than this API accepts",
            "the request is larger than API Gateway's 10 MB limit",
            Map.of());

    /**
     * How long API Gateway keeps an authorizer's answer per key in AWS: the most it allows (developer guide, "Configure
     * an API Gateway Lambda authorizer": 300 s by default, at most 3600). It is the first line through a database
     * outage: a camera or viewer whose answer is cached never reaches the authorizer, so an outage shorter than the TTL
     * touches only the keys whose answer expires during it (docs/SECURITY.md, measured). It is also how late a
     * revocation made without the commands takes effect; the commands flush the cache, so theirs is immediate.
     */
    public static final Duration KEY_CACHE_TTL = Duration.ofHours(1);

    private final int status;
    private final String slug;
    private final String title;
    private final String detail;
    private final Map<String, String> headers;

    GatewayProblems(int status, String slug, String title, String detail, Map<String, String> headers) {
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.detail = detail;
        this.headers = headers;
    }

    /** API Gateway's name for the response type. */
    public String responseType() {
        return name();
    }

    public int status() {
        return status;
    }

    public String type() {
        return ProblemDetail.type(slug);
    }

    /** Headers beside {@code Content-Type: application/problem+json}. */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * The problem's JSON; {@code requestId} is the id itself locally, {@code $context.requestId} in a gateway response
     * template.
     */
    public String body(String requestId) {
        return new ProblemDetail(status, slug, title, detail)
                .with("requestId", requestId)
                .json();
    }
}
