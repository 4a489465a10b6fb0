package dev.trafficcam.model;

/**
 * A persistence event that can never be stored, however often it is retried: it does not parse, has a schema version
 * this code does not know, or breaks the event's rules. Operators tell these apart from transient failures by this
 * type's name.
 */
public final class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidEventException(String message) {
        super(message);
    }
}
