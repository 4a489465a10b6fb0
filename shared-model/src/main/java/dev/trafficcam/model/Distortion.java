package dev.trafficcam.model;

import java.util.Objects;

/** A distortion the image check found: the stable reason and a sentence for people (with the measured value). */
public record Distortion(DistortionReason reason, String detail) {
    public Distortion {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
