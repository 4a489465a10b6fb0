package dev.trafficcam.inference;

import dev.trafficcam.model.CountingZones;
import dev.trafficcam.model.FrameName;

/**
 * A frame request that passed the request-level checks: a valid name, a supported media type, the bytes; and where its
 * camera counts, as the authorizer gave it with the camera's identity.
 */
public record FrameRequest(FrameName name, byte[] bytes, CountingZones zones) {
    public FrameRequest {
        zones = zones == null ? CountingZones.WHOLE_FRAME : zones;
    }

    public FrameRequest(FrameName name, byte[] bytes) {
        this(name, bytes, CountingZones.WHOLE_FRAME);
    }
}
