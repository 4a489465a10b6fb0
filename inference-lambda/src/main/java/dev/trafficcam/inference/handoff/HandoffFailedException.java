package dev.trafficcam.inference.handoff;

/** No route took the persistence event; the frame is not stored unless the camera sends it again. */
public final class HandoffFailedException extends RuntimeException {
    public HandoffFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
