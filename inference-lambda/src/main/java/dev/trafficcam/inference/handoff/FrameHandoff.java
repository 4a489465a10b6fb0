package dev.trafficcam.inference.handoff;

import dev.trafficcam.model.PersistenceEvent;

/** Hands a frame's persistence event on, so that it gets stored after the camera has its answer. */
public interface FrameHandoff {

    /**
     * @return which route took the event
     * @throws HandoffFailedException when no route took it: the caller must tell the camera to resend
     */
    HandoffRoute handOff(PersistenceEvent event);
}
