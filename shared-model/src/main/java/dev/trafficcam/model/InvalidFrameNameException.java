package dev.trafficcam.model;

/** A frame's file name that does not follow the naming contract; the message says precisely why. */
public final class InvalidFrameNameException extends Exception {
    public InvalidFrameNameException(String message) {
        super(message);
    }
}
