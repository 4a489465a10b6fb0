package dev.trafficcam.inference.handoff;

import dev.trafficcam.model.PersistenceEvent;
import java.util.function.BiConsumer;

/**
 * The hand-off as the design wants it: the persistence function first; if that fails (throttled, unavailable), the
 * failure queue, from which replay stores the frame later. Only when both fail does it throw, and then the camera is
 * told to resend (503).
 */
public final class FallbackHandoff implements FrameHandoff {
    private final FrameHandoff primary;
    private final FrameHandoff fallback;
    private final BiConsumer<PersistenceEvent, RuntimeException> onPrimaryFailure;

    public FallbackHandoff(
            FrameHandoff primary,
            FrameHandoff fallback,
            BiConsumer<PersistenceEvent, RuntimeException> onPrimaryFailure) {
        this.primary = primary;
        this.fallback = fallback;
        this.onPrimaryFailure = onPrimaryFailure;
    }

    @Override
    public HandoffRoute handOff(PersistenceEvent event) {
        try {
            return primary.handOff(event);
        } catch (RuntimeException primaryFailure) {
            onPrimaryFailure.accept(event, primaryFailure);
            try {
                return fallback.handOff(event);
            } catch (RuntimeException fallbackFailure) {
                fallbackFailure.addSuppressed(primaryFailure);
                throw new HandoffFailedException(
                        "neither the persistence function nor the failure queue took frame " + event.frameId() + ": "
                                + primaryFailure.getMessage() + "; " + fallbackFailure.getMessage(),
                        fallbackFailure);
            }
        }
    }
}
