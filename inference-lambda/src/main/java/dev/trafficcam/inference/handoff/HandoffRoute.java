package dev.trafficcam.inference.handoff;

/** Which way a persistence event left the inference Lambda. */
public enum HandoffRoute {
    /** Invoked the persistence function asynchronously (the normal way). */
    PERSISTENCE_FUNCTION,
    /** The invoke failed; the event went straight to the failure queue, for replay. */
    FAILURE_QUEUE
}
