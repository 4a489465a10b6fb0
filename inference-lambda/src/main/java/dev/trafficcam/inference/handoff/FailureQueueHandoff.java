package dev.trafficcam.inference.handoff;

import dev.trafficcam.model.PersistenceEvent;
import dev.trafficcam.model.PersistenceEvents;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends the event itself (a plain body, which replay accepts as well as Lambda's on-failure records) to the failure
 * queue. The SQS client is made only when first needed, so a cold start does not pay for a route that is seldom taken.
 * An event larger than the queue's message limit first has its image moved to an S3 claim check.
 */
public final class FailureQueueHandoff implements FrameHandoff {
    private final Lazy<SqsClient> sqs;
    private final String queueUrl;
    private final ClaimCheckStore claimChecks;
    private final int maxMessageBytes;

    public FailureQueueHandoff(
            Supplier<SqsClient> sqsFactory, String queueUrl, ClaimCheckStore claimChecks, int maxMessageBytes) {
        this.sqs = new Lazy<>(sqsFactory);
        this.queueUrl = queueUrl;
        this.claimChecks = claimChecks;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public HandoffRoute handOff(PersistenceEvent event) {
        byte[] body = PersistenceEvents.toJson(event);
        if (body.length > maxMessageBytes && event.image().isInline()) {
            byte[] image = java.util.Base64.getDecoder().decode(event.image().data());
            String key = claimChecks.put(event.frameId(), image, event.image().contentType());
            body = PersistenceEvents.toJson(event.withImage(event.image().asClaimCheck(key)));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        // the body alone: replay reads the frame id from the event, and a plain body needs no
        // attribute checksums from the queue (SQS-compatible stand-ins differ there)
        sqs.get().sendMessage(b -> b.queueUrl(queueUrl).messageBody(text));
        return HandoffRoute.FAILURE_QUEUE;
    }

    /** Whether the SQS client has been made yet (it is made on first use only). */
    public boolean clientCreated() {
        return sqs.made();
    }
}
