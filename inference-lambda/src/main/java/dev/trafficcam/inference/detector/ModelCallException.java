package dev.trafficcam.inference.detector;

/** The model call did not produce a usable answer; {@link #timedOut()} tells a time-out from a failure. */
public final class ModelCallException extends RuntimeException {
    private final boolean timedOut;

    public ModelCallException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
