package dev.trafficcam.model.functions;

/**
 * The cameras' usage plan: every camera key has an API Gateway API key in it (made by the cameras command), the camera
 * authorizer names it as the request's {@code usageIdentifierKey} (API key source AUTHORIZER), and API Gateway
 * throttles each camera on its own: requests per second in the steady state, and a bucket for resends (developer guide,
 * "Throttle requests to your REST APIs": the usage plan's limits apply per API key). A camera sends a frame every 5 s;
 * 1 per second leaves room for resends and catching up, and a burst of 5 for a resend storm after an outage. The CDK
 * app sets these on the plan, and the local API stand-in enforces the same.
 */
public final class CameraUsagePlan {
    public static final String NAME = "cameras";
    public static final double RATE_LIMIT = 1.0;
    public static final int BURST_LIMIT = 5;

    private CameraUsagePlan() {}
}
