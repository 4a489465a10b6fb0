package dev.trafficcam.model;

import java.util.Objects;

/** Which model endpoint answered and how long the call took, end to end, as the caller saw it. */
public record ModelInfo(String endpoint, long latencyMs) {
    public ModelInfo {
        Objects.requireNonNull(endpoint, "endpoint");
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must not be negative");
        }
    }
}
