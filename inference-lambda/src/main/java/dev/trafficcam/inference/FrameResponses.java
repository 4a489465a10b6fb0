package dev.trafficcam.inference;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.trafficcam.inference.api.ProblemException;
import dev.trafficcam.inference.api.ProblemType;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.CameraGrant;
import dev.trafficcam.support.ProxyResponses;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps what became of one request to its answer (200 JSON or an RFC 9457 problem, with the headers each problem asks
 * for) and to what its log line says. Plain Java, so each mapping is tested without a handler.
 *
 * @param requestId API Gateway's request id (else Lambda's), quoted in problems so a camera's operator can ask about it
 * @param keyId the id of the camera key the authorizer granted, for the log
 */
record FrameResponses(APIGatewayProxyRequestEvent event, String requestId, String keyId) {
    /** Seconds a camera should wait before sending a frame again after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";

    /** An answer and its log entry. */
    record Reply(APIGatewayProxyResponseEvent response, RequestLog.Entry entry) {}

    Reply of(FrameOutcome outcome) {
        String frameId = outcome.frameId().toString();
        String route = outcome.route().name();
        return switch (outcome) {
            case FrameOutcome.Answered answered ->
                new Reply(
                        ProxyResponses.json(200, answered.answer()),
                        new RequestLog.Entry(
                                requestId,
                                keyId,
                                frameId,
                                outcome.camera(),
                                200,
                                "DETECTED",
                                answered.answer().counts(),
                                route,
                                null));
            case FrameOutcome.Distorted distorted -> {
                Map<String, Object> members = new LinkedHashMap<>();
                members.put("reason", distorted.distortion().reason().code());
                members.put("frameId", frameId);
                APIGatewayProxyResponseEvent response = problem(
                        ProblemType.DISTORTED_FRAME, distorted.distortion().detail(), members);
                yield new Reply(
                        response,
                        new RequestLog.Entry(
                                requestId,
                                keyId,
                                frameId,
                                outcome.camera(),
                                422,
                                "DISTORTED",
                                null,
                                route,
                                distorted.distortion().detail()));
            }
        };
    }

    /** A request refused or failed with a problem; {@code camera} is the frame's, when its name was read. */
    Reply refused(ProblemException e, Camera camera) {
        Object id = e.extensions().get("frameId");
        String error =
                e.getCause() != null ? e.getMessage() + " (" + e.getCause().getMessage() + ")" : e.getMessage();
        Camera named = e.type() == ProblemType.CAMERA_NOT_ALLOWED ? keyCamera() : camera;
        return new Reply(
                problem(e.type(), e.getMessage(), e.extensions()),
                new RequestLog.Entry(
                        requestId,
                        keyId,
                        id == null ? null : id.toString(),
                        named,
                        e.type().status(),
                        e.type().slug(),
                        null,
                        null,
                        error));
    }

    /** Anything unforeseen: 500 with the request id to quote, the cause in the log only. */
    Reply failed(RuntimeException e, Camera camera) {
        ProblemType type = ProblemType.INTERNAL_ERROR;
        return new Reply(
                problem(
                        type,
                        "the frame could not be processed; quote request id " + requestId + " to the operators",
                        Map.of()),
                new RequestLog.Entry(
                        requestId,
                        keyId,
                        null,
                        camera,
                        type.status(),
                        type.slug(),
                        null,
                        null,
                        e.getClass().getName() + ": " + e.getMessage()));
    }

    private APIGatewayProxyResponseEvent problem(ProblemType type, String detail, Map<String, Object> extensions) {
        Map<String, Object> members = new LinkedHashMap<>(extensions);
        members.put("requestId", requestId);
        APIGatewayProxyResponseEvent response = ProxyResponses.problem(type.problem(detail, event.getPath(), members));
        switch (type) {
            case HANDOFF_UNAVAILABLE -> response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
            case METHOD_NOT_ALLOWED -> response.getHeaders().put("Allow", "POST");
            case UNSUPPORTED_MEDIA_TYPE -> response.getHeaders().put("Accept-Post", "image/jpeg, image/png");
            default -> {}
        }
        return response;
    }

    /**
     * The camera whose key was shown with another camera's frame, for the per-camera refusal metric: a camera that
     * exists, never the name the frame claims, which any key holder could invent (a metric per invented name, and the
     * impersonation alarm raised against any camera). The claimed name is in the log line's error.
     */
    private Camera keyCamera() {
        return event.getRequestContext() == null
                ? null
                : CameraGrant.from(event.getRequestContext().getAuthorizer())
                        .map(CameraGrant::camera)
                        .orElse(null);
    }
}
