package dev.trafficcam.inference;

import dev.trafficcam.inference.api.FrameAnswer;
import dev.trafficcam.inference.handoff.HandoffRoute;
import dev.trafficcam.model.Camera;
import dev.trafficcam.model.Distortion;
import java.util.UUID;

/** What became of a frame that got as far as the image check. */
public sealed interface FrameOutcome {
    UUID frameId();

    Camera camera();

    HandoffRoute route();

    /** The model looked at it; the answer goes back to the camera with 200. */
    record Answered(FrameAnswer answer, HandoffRoute route) implements FrameOutcome {
        @Override
        public UUID frameId() {
            return answer.frameId();
        }

        @Override
        public Camera camera() {
            return answer.camera();
        }
    }

    /** The image check turned it away; it was handed off for storage under distorted/ all the same (422). */
    record Distorted(UUID frameId, Camera camera, Distortion distortion, HandoffRoute route) implements FrameOutcome {}
}
