package dev.trafficcam.model;

/** What became of a frame: the model looked at it, or the image check turned it away first. */
public enum FrameStatus {
    DETECTED,
    DISTORTED
}
