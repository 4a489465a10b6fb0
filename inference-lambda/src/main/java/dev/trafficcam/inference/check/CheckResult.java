package dev.trafficcam.inference.check;

import dev.trafficcam.model.Distortion;

/** The image check's verdict on a frame. */
public sealed interface CheckResult {

    /** The header, when it could be read (null for bytes that are not an image at all). */
    ImageHeader header();

    /** The frame looks like a usable picture. */
    record Passed(ImageHeader header, GreyStats stats) implements CheckResult {}

    /** The frame is distorted; it is stored all the same, but not sent to the model. */
    record Distorted(ImageHeader header, Distortion distortion) implements CheckResult {}
}
