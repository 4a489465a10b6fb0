package dev.trafficcam.model.functions;

import java.time.Duration;

/**
 * How long a frame that is not stored yet may wait, and so how long its claim check must live, all from one setting:
 * the replay window, the failure queue's retention. A frame too large to ride inline waits as
 * {@code incoming/{frameId}} while its event is
 *
 * <ol>
 *   <li>in Lambda's asynchronous queue with its retries, at most {@link #MAX_EVENT_AGE};
 *   <li>on the failure queue, at most the replay window (SQS counts a message's retention from when it was sent; a
 *       replay that fails leaves the message where it is, it does not resend it);
 *   <li>in the replay's synchronous run, within {@link #SLACK}.
 * </ol>
 *
 * So the claim check lives their sum, rounded up to whole days: any event replayed within the queue's retention finds
 * its frame. S3 lifecycle expiration only lengthens this, since it rounds each object's expiry up to the next midnight
 * UTC.
 *
 * @param replayWindow how long a failed event stays on the failure queue for replay
 */
public record Lifetimes(Duration replayWindow) {
    /** Lambda keeps an asynchronous event 60 s to 6 hours ({@code MaximumEventAgeInSeconds}, at most 21,600). */
    public static final Duration MAX_EVENT_AGE = Duration.ofHours(6);
    /** SQS keeps a message 60 s to 14 days ({@code MessageRetentionPeriod}, at most 1,209,600 s). */
    public static final Duration MAX_REPLAY_WINDOW = Duration.ofDays(14);
    /**
     * Covers the last attempt's run after the event's age ran out (the persistence function's 60 s time-out) and a
     * replay's synchronous run (the replay function's 15 minutes).
     */
    public static final Duration SLACK = Duration.ofMinutes(15);

    public static final Lifetimes DEFAULT = new Lifetimes(MAX_REPLAY_WINDOW);

    public Lifetimes {
        if (replayWindow.compareTo(Duration.ofDays(1)) < 0 || replayWindow.compareTo(MAX_REPLAY_WINDOW) > 0) {
            throw new IllegalArgumentException(
                    "the replay window is 1 to 14 days (SQS keeps a message at most 14 days), got "
                            + replayWindow.toDays() + " days");
        }
    }

    public static Lifetimes ofDays(int replayWindowDays) {
        return new Lifetimes(Duration.ofDays(replayWindowDays));
    }

    /** The failure queue's {@code MessageRetentionPeriod}. */
    public Duration failureQueueRetention() {
        return replayWindow;
    }

    /** The persistence alias's {@code MaximumEventAgeInSeconds}. */
    public Duration maxEventAge() {
        return MAX_EVENT_AGE;
    }

    /** How long a claim check lives: 15 days for the 14-day window. */
    public Duration claimCheckLifetime() {
        return Duration.ofDays(claimCheckExpiryDays());
    }

    /** The {@code incoming/} lifecycle rule's expiration, in whole days as S3 takes it. */
    public int claimCheckExpiryDays() {
        Duration needed = MAX_EVENT_AGE.plus(replayWindow).plus(SLACK);
        long days = needed.toDays();
        return (int) (needed.equals(Duration.ofDays(days)) ? days : days + 1);
    }
}
