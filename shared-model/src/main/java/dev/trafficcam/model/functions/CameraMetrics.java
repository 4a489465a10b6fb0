package dev.trafficcam.model.functions;

import dev.trafficcam.model.Camera;

/**
 * The per-camera metrics the inference function writes into its request log line in CloudWatch's embedded metric
 * format, and which the CDK app's dashboard and alarms read: one name for each, here, for both.
 */
public final class CameraMetrics {
    public static final String NAMESPACE = "TrafficCamera";
    /**
     * The dimension: the camera as "address, city, country" (CloudWatch takes up to 1,024 characters; names are at most
     * 255).
     */
    public static final String CAMERA = "CameraName";
    /** 1 for each frame a camera sent that was accepted (stored), detected or distorted. */
    public static final String FRAMES = "Frames";
    /** 1 for each accepted frame the image check turned away, else 0: its average is the distortion rate. */
    public static final String DISTORTED_FRAMES = "DistortedFrames";
    /**
     * 1 for each frame refused because the key shown belongs to another camera, under the camera the file name claims:
     * a spike is a stolen or misconfigured key (the CDK app alarms on it).
     */
    public static final String REFUSED_FRAMES = "RefusedFrames";

    private CameraMetrics() {}

    public static String dimensionValue(Camera camera) {
        return camera.address() + ", " + camera.city() + ", " + camera.country();
    }
}
