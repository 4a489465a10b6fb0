package dev.trafficcam.model;

/**
 * The sizes a persistence event must keep to, and why. An event goes to the persistence function as an asynchronous
 * invoke; when every attempt fails, Lambda sends its on-failure record (the whole event as {@code requestPayload}, plus
 * the error as {@code responsePayload}) to the failure queue. A record the queue cannot take is dropped, visible only
 * in Lambda's {@code DestinationDeliveryFailures} metric ("Capturing records of Lambda asynchronous invocations"), and
 * with it the frame. So: the event is bounded by the smaller reading of Lambda's limit, the error the persistence
 * function reports is bounded, and the queue takes the largest message SQS allows; the difference is room for the
 * record's envelope and error.
 */
public final class EventLimits {
    /**
     * Lambda's limit for an asynchronous invocation's payload, "1 MB" (Invoke API reference). The documentation does
     * not say 10^6 or 2^20 bytes; this takes the smaller.
     */
    public static final int ASYNC_PAYLOAD_LIMIT = 1_000_000;

    /**
     * The failure queue's {@code MaximumMessageSize}, set on the queue explicitly: SQS's largest, "1,048,576 bytes (1
     * MiB)" (SetQueueAttributes, in the SDK's service model).
     */
    public static final int FAILURE_QUEUE_MESSAGE_LIMIT = 1_048_576;

    /**
     * Room in the queue message for the record's envelope (version, time stamp, request and response context with the
     * function's ARN) and the error: 48,576 bytes. The worst record measured, the largest inline event with the longest
     * error the function reports, leaves most of it unused (docs/PERFORMANCE.md, "Failure records").
     */
    public static final int RECORD_ENVELOPE_RESERVE = FAILURE_QUEUE_MESSAGE_LIMIT - ASYNC_PAYLOAD_LIMIT;

    /**
     * The longest error message the persistence function reports to Lambda, in characters; they are printable ASCII, so
     * that the message's JSON stays within six bytes a character however it is escaped. The full error goes to the
     * function's log.
     */
    public static final int ERROR_MESSAGE_MAX_CHARS = 1_000;

    /** Room kept in an event for everything but the image when choosing which frames ride inline. */
    public static final int EVENT_METADATA_RESERVE = 16 * 1024;

    /**
     * The largest frame that rides inline (base64) in the event by default, 737,712 bytes; larger ones go as an S3
     * claim check. An event over {@link #ASYNC_PAYLOAD_LIMIT} all the same (a frame with unusually many detections) is
     * measured exactly and moved to a claim check.
     */
    public static final int INLINE_IMAGE_MAX_BYTES = (ASYNC_PAYLOAD_LIMIT - EVENT_METADATA_RESERVE) / 4 * 3;

    private EventLimits() {}

    /** Whether the event, as JSON, fits an asynchronous invoke (and so, with its envelope, the failure queue). */
    public static boolean fitsAsyncInvoke(PersistenceEvent event) {
        return PersistenceEvents.jsonLength(event) <= ASYNC_PAYLOAD_LIMIT;
    }
}
