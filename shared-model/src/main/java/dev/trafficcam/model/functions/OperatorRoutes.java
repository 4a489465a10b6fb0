package dev.trafficcam.model.functions;

/**
 * The operators' routes on the stack's API (IAM-authorized in AWS): served by the access-keys function (keys) and the
 * frame-erasure function (erasures), called by the operators' commands ({@code ops}).
 */
public final class OperatorRoutes {
    /** Cameras and their keys: {@code GET}, {@code POST}, then {@code /rotate} and {@code /revoke}. */
    public static final String CAMERAS = "/admin/cameras";

    /** Viewers and their keys, the same way. */
    public static final String VIEWERS = "/admin/viewers";

    /** Erasure of a camera's images in a range of capture times: {@code POST}, served by the frame-erasure function. */
    public static final String ERASURES = "/admin/erasures";

    private OperatorRoutes() {}
}
