package dev.trafficcam.model.functions;

import java.time.Duration;
import java.util.Map;

/**
 * How a persistence event that failed (Lambda's two asynchronous retries spent, or a hand-off that went straight to the
 * failure queue) is tried again without anyone running a command, and when a human is asked instead. The failure queue
 * is the event source of the redelivery function; each receive that fails hides the message for a doubling delay, and
 * after {@link #maxReceives} receives SQS moves it to the dead-letter queue, which alarms and which the replay command
 * works on.
 *
 * <p>The defaults retry for about 3.3 hours ({@link #retryWindow()}): an Aurora fail-over or a restart heals without a
 * human, an outage longer than that waits for one. The delays are read by the redelivery function from its environment;
 * the receive count is the queue's redrive policy, set by the CDK stack and the local stack from the same record.
 *
 * @param firstDelay how long a message stays hidden after its first failed redelivery
 * @param maxDelay the longest it stays hidden after one (each failure doubles the delay up to this)
 * @param maxReceives the redrive policy's {@code maxReceiveCount}: receives before SQS moves it to the dead-letter
 *     queue
 */
public record RedeliveryPolicy(Duration firstDelay, Duration maxDelay, int maxReceives) {
    public static final String FIRST_DELAY_SECONDS = "REDELIVERY_FIRST_DELAY_SECONDS";
    public static final String MAX_DELAY_SECONDS = "REDELIVERY_MAX_DELAY_SECONDS";

    /**
     * SQS's {@code ChangeMessageVisibility} takes 0 to 43,200 s (12 hours) (SQS API reference, ChangeMessageVisibility,
     * "VisibilityTimeout").
     */
    public static final Duration LONGEST_VISIBILITY = Duration.ofHours(12);
    /** A redrive policy's {@code maxReceiveCount} is 1 to 1,000 (SQS API reference, SetQueueAttributes). */
    public static final int MOST_RECEIVES = 1000;

    public static final RedeliveryPolicy DEFAULT =
            new RedeliveryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30), 12);

    public RedeliveryPolicy {
        if (firstDelay.isNegative()
                || firstDelay.isZero()
                || maxDelay.compareTo(firstDelay) < 0
                || maxDelay.compareTo(LONGEST_VISIBILITY) > 0) {
            throw new IllegalArgumentException("redelivery delays must satisfy 0 < first (" + firstDelay.toSeconds()
                    + " s) <= max (" + maxDelay.toSeconds() + " s) <= 12 hours");
        }
        if (maxReceives < 1 || maxReceives > MOST_RECEIVES) {
            throw new IllegalArgumentException("maxReceives is 1 to 1000 (SQS's maxReceiveCount), got " + maxReceives);
        }
    }

    /** How long to hide a message that has now failed its {@code receiveCount}-th receive (1 for the first). */
    public Duration delayAfter(int receiveCount) {
        int doublings = Math.max(0, Math.min(receiveCount - 1, 30));
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** From the first redelivery to the move to the dead-letter queue, if every receive fails at once. */
    public Duration retryWindow() {
        Duration total = Duration.ZERO;
        for (int receive = 1; receive < maxReceives; receive++) {
            total = total.plus(delayAfter(receive));
        }
        return total;
    }

    /** The redelivery function's variables for these delays. */
    public Map<String, String> environment() {
        return Map.of(
                FIRST_DELAY_SECONDS, String.valueOf(firstDelay.toSeconds()),
                MAX_DELAY_SECONDS, String.valueOf(maxDelay.toSeconds()));
    }

    /** The delays a function was given (the default's where unset); the receive count is not the function's. */
    public static RedeliveryPolicy fromEnvironment(FunctionEnvironment env) {
        long first = env.longValue(FIRST_DELAY_SECONDS, DEFAULT.firstDelay.toSeconds());
        long max = env.longValue(MAX_DELAY_SECONDS, DEFAULT.maxDelay.toSeconds());
        try {
            return new RedeliveryPolicy(Duration.ofSeconds(first), Duration.ofSeconds(max), DEFAULT.maxReceives);
        } catch (IllegalArgumentException e) {
            env.problem(e.getMessage());
            return DEFAULT;
        }
    }
}
