package dev.trafficcam.model;

import java.util.Objects;

/**
 * One road user a detector found: its class, the detector's confidence (0..1), where it is, and whether it counts (its
 * bottom-centre is in one of the camera's counting zones, {@link CountingZones}; true without zones, and in events
 * written before zones, which lack the member).
 */
public record Detection(TrafficClass label, double score, BoundingBox box, Boolean counted) {
    public Detection {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(box, "box");
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be within 0..1, was " + score);
        }
        counted = counted == null ? Boolean.TRUE : counted;
    }

    /** A detection that counts (no zone says otherwise). */
    public Detection(TrafficClass label, double score, BoundingBox box) {
        this(label, score, box, Boolean.TRUE);
    }

    /** The same detection, counted or not. */
    public Detection counted(boolean counts) {
        return new Detection(label, score, box, counts);
    }

    public boolean counts() {
        return counted;
    }
}
