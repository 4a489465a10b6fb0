package dev.trafficcam.inference.handoff;

import java.util.function.Supplier;

/**
 * A value made on first use, once, then shared. The SDK clients of the seldom-taken routes (claim checks, the failure
 * queue) are held this way so a cold start does not pay for them.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    public Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                if (value == null) {
                    value = factory.get();
                }
                v = value;
            }
        }
        return v;
    }

    /** Whether the value has been made yet. */
    public boolean made() {
        return value != null;
    }
}
