package dev.trafficcam.inference;

import java.util.Locale;

/**
 * Where a request's time went, stage by stage, for the {@code Server-Timing} header and the request log: check (parse +
 * image check), model, handoff, total.
 */
public final class Timings {
    private final long startNanos;
    private long checkNanos;
    private long modelNanos;
    private long handoffNanos;
    private long totalNanos = -1;

    public Timings(long startNanos) {
        this.startNanos = startNanos;
    }

    public static Timings startNow() {
        return new Timings(System.nanoTime());
    }

    public void addCheck(long nanos) {
        checkNanos += nanos;
    }

    public void addModel(long nanos) {
        modelNanos += nanos;
    }

    public void addHandoff(long nanos) {
        handoffNanos += nanos;
    }

    /** Stops the clock; later calls keep the first total. */
    public void finish() {
        if (totalNanos < 0) {
            totalNanos = System.nanoTime() - startNanos;
        }
    }

    public double checkMs() {
        return checkNanos / 1e6;
    }

    public double modelMs() {
        return modelNanos / 1e6;
    }

    public double handoffMs() {
        return handoffNanos / 1e6;
    }

    public double totalMs() {
        return (totalNanos < 0 ? System.nanoTime() - startNanos : totalNanos) / 1e6;
    }

    /** The {@code Server-Timing} header value (RFC-less W3C format), durations in milliseconds. */
    public String serverTiming() {
        return String.format(
                Locale.ROOT,
                "check;dur=%.1f, model;dur=%.1f, handoff;dur=%.1f, total;dur=%.1f",
                checkMs(),
                modelMs(),
                handoffMs(),
                totalMs());
    }
}
