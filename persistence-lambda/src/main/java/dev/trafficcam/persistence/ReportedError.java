package dev.trafficcam.persistence;

import dev.trafficcam.model.EventLimits;
import dev.trafficcam.model.InvalidEventException;

/**
 * What the persistence function reports to Lambda when an event fails. Lambda puts that error in the on-failure record
 * next to the whole event, and a record over the failure queue's limit is dropped with its frame; so the error is
 * bounded: its type (an invalid event stays an {@link InvalidEventException}, which replay tells apart), a message of
 * at most {@link EventLimits#ERROR_MESSAGE_MAX_CHARS} printable ASCII characters, and no stack trace (the runtime
 * interface client reports the thrown exception's own frames, not its causes'). The full error, with its trace, is in
 * the function's log line.
 */
public final class ReportedError extends RuntimeException {
    private ReportedError(String message) {
        super(message, null, false, false);
    }

    /** The bounded error to throw for {@code failure}. */
    public static RuntimeException of(RuntimeException failure) {
        String message = bounded(failure.getClass().getSimpleName() + ": " + failure.getMessage());
        if (failure instanceof InvalidEventException) {
            InvalidEventException invalid = new InvalidEventException(message);
            invalid.setStackTrace(new StackTraceElement[0]);
            return invalid;
        }
        return new ReportedError(message);
    }

    static String bounded(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), EventLimits.ERROR_MESSAGE_MAX_CHARS));
        for (int i = 0; i < text.length() && out.length() < EventLimits.ERROR_MESSAGE_MAX_CHARS; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : c == '\n' || c == '\t' ? ' ' : '?');
        }
        if (text.length() > out.length()) {
            out.setLength(EventLimits.ERROR_MESSAGE_MAX_CHARS - 3);
            out.append("...");
        }
        return out.toString();
    }
}
