package dev.trafficcam.support;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * SnapStart priming of an SDK client's request pipeline (marshalling, endpoint rules, signing) without calling AWS: a
 * priming request carries {@link #HEADER}, and {@link #STOP_BEFORE_SENDING}, installed on the client, ends it after
 * signing and before transmission. No connection is opened, so none is carried across the snapshot.
 */
public final class PrimingRequests {
    /** A request carrying this header is a priming request and is never sent. */
    public static final String HEADER = "x-trafficcam-priming";

    /** Installed on every client that is primed: ends priming requests after signing, before transmission. */
    public static final ExecutionInterceptor STOP_BEFORE_SENDING = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.httpRequest().firstMatchingHeader(HEADER).isPresent()) {
                throw new Stopped();
            }
        }
    };

    private PrimingRequests() {}

    /**
     * Runs one priming request (made with {@link #HEADER}), which must be stopped before it is sent.
     *
     * @throws IllegalStateException if it failed before it was stopped, or was sent: a client without the interceptor
     *     would carry a connection into the snapshot
     */
    public static void stopped(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Stopped) {
                    return;
                }
            }
            throw new IllegalStateException("a priming request failed before it was stopped: " + e.getMessage(), e);
        }
        throw new IllegalStateException("a priming request was sent: the stop interceptor is not installed");
    }

    /** Ends a priming request; never escapes {@link #stopped}. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("priming request stopped before sending", null, false, false);
        }
    }
}
