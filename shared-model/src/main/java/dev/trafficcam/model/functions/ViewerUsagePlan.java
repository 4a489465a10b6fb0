package dev.trafficcam.model.functions;

/**
 * The viewers' usage plan, as the cameras' ({@link CameraUsagePlan}) but for the read routes: every viewer key has an
 * API Gateway API key in it (made by the viewers command), the authorizer names it as the request's
 * {@code usageIdentifierKey}, and API Gateway throttles each viewer on its own, so that one viewer's script cannot use
 * up the read routes' shared limit for everyone. A dashboard page makes about five requests at once and one every few
 * seconds after: 5 a second with bursts of 20 leaves it room, and a script that pages through 10,000 cameras takes 20
 * requests (500 a page) at that rate.
 */
public final class ViewerUsagePlan {
    public static final String NAME = "viewers";
    public static final double RATE_LIMIT = 5.0;
    public static final int BURST_LIMIT = 20;

    private ViewerUsagePlan() {}
}
