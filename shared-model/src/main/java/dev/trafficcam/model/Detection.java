package dev.trafficcam.model;

import java.util.Objects;

/** One road user a detector found: its class, the detector's confidence (0..1) and where it is. */
public record Detection(TrafficClass label, double score, BoundingBox box) {
    public Detection {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(box, "box");
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be within 0..1, was " + score);
        }
    }
}
