package dev.trafficcam.local;

import dev.trafficcam.model.Camera;
import dev.trafficcam.model.FrameName;
import dev.trafficcam.model.InvalidFrameNameException;
import dev.trafficcam.ops.CameraAdminClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys for the cameras that tests and load tests post as, registered through the running stack's operators' routes as
 * ops register them ({@link CameraAdminClient}), one per camera, kept for reuse.
 */
public final class CameraKeyring {
    /** Used for a file name that names no camera: the API refuses the name before it looks at whose key it is. */
    private static final Camera ANY_CAMERA = new Camera("keyring", "Leuven", "Belgium");

    private final CameraAdminClient admin;
    private final Map<Camera, String> keys = new ConcurrentHashMap<>();

    public CameraKeyring(String api) {
        this.admin = new CameraAdminClient(api);
    }

    /** The camera's key, registering the camera (or rotating its key) the first time. */
    public String keyFor(Camera camera) {
        return keys.computeIfAbsent(camera, c -> {
            try {
                return admin.keyFor(c);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while registering a camera", e);
            }
        });
    }

    /**
     * Registers a new camera in an IANA time zone (as {@code cameras add --time-zone}) and keeps its key for its
     * frames.
     */
    public String keyFor(Camera camera, String timeZone) {
        return keys.computeIfAbsent(camera, c -> {
            try {
                return admin.add(c, timeZone).path("key").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while registering a camera", e);
            }
        });
    }

    /** The {@code Authorization} header for a frame of this (possibly URL-encoded) file name: its camera's key. */
    public String authorizationFor(String fileName) {
        Camera camera;
        try {
            camera = FrameName.parse(fileName).camera();
        } catch (InvalidFrameNameException e) {
            camera = ANY_CAMERA;
        }
        return "Bearer " + keyFor(camera);
    }

    /** Forgets a key (after a test revoked or rotated it), so the next frame registers a new one. */
    public void forget(Camera camera) {
        keys.remove(camera);
    }

    public CameraAdminClient admin() {
        return admin;
    }
}
