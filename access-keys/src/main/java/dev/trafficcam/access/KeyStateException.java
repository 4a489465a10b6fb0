package dev.trafficcam.access;

/** Why an operation on a camera's or a viewer's key cannot be done; the message says what to do instead. */
public final class KeyStateException extends RuntimeException {
    private final KeyHolder holder;
    private final boolean conflict;

    public KeyStateException(KeyHolder holder, String message, boolean conflict) {
        super(message);
        this.holder = holder;
        this.conflict = conflict;
    }

    /** Whose key: a camera's or a viewer's (the operators' API answers each with its own problem type). */
    public KeyHolder holder() {
        return holder;
    }

    /** True: the holder is in the wrong state (409); false: there is no such holder or key (404). */
    public boolean conflict() {
        return conflict;
    }
}
