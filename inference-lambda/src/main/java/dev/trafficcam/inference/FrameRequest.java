package dev.trafficcam.inference;

import dev.trafficcam.model.FrameName;

/** A frame request that passed the request-level checks: a valid name, a supported media type, the bytes. */
public record FrameRequest(FrameName name, byte[] bytes) {}
