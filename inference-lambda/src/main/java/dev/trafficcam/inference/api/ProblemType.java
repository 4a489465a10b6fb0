package dev.trafficcam.inference.api;

import dev.trafficcam.model.functions.ProblemDetail;
import java.util.Map;

/**
 * Every error the frames API answers with, as RFC 9457 problem types. The {@code type} URIs are stable: clients may
 * switch on them. docs/API.md lists them with what a camera should do.
 */
public enum ProblemType {
    INVALID_FRAME_NAME(400, "invalid-frame-name", "The frame's file name does not follow the naming contract"),
    EMPTY_BODY(400, "empty-body", "The request carries no frame"),
    INVALID_BODY(400, "invalid-body", "The request body cannot be read as a binary frame"),
    CONTENT_TYPE_MISMATCH(400, "content-type-mismatch", "The content type, file name and frame disagree"),
    CAMERA_NOT_ALLOWED(403, "camera-not-allowed", "The key shown belongs to another camera than the file name names"),
    NOT_FOUND(404, "not-found", "There is no such resource"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Frames are sent with POST"),
    FRAME_TOO_LARGE(413, "frame-too-large", "The frame is larger than this API accepts"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Frames must be sent as image/jpeg or image/png"),
    DISTORTED_FRAME(422, "distorted-frame", "The frame is distorted; it was stored but not analysed"),
    INTERNAL_ERROR(500, "internal-error", "The frame could not be processed because of an internal error"),
    MODEL_FAILURE(502, "model-failure", "The object-detection model failed"),
    HANDOFF_UNAVAILABLE(503, "handoff-unavailable", "The frame could not be queued for storage; send it again"),
    MODEL_TIMEOUT(504, "model-timeout", "The object-detection model did not answer in time");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return ProblemDetail.type(slug);
    }

    /** This type's problem document about one request. */
    public ProblemDetail problem(String detail, String instance, Map<String, Object> extensions) {
        return new ProblemDetail(status, slug, title, detail, instance, extensions);
    }
}
