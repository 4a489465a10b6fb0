package dev.trafficcam.persistence.replay;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.trafficcam.model.functions.LogLine;
import dev.trafficcam.model.functions.RedeliveryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Tries failed persistence events again as the failure queue's event source hands them over: each message's event is
 * run through the persistence function (synchronously); what is stored (or was already) is reported done, and Lambda
 * deletes it; what fails is hidden for the policy's delay for its receive count and reported as a batch item failure,
 * so that only it comes back, later. After the redrive policy's receives SQS moves it to the dead-letter queue, where
 * it waits for an operator and the replay.
 *
 * <p>A message that holds no persistence event, or one the function refuses as invalid, cannot get better by waiting:
 * it is made visible again at once, so it reaches the dead-letter queue within seconds instead of hours.
 */
public final class Redelivery {
    private final SqsClient sqs;
    private final PersistenceCall persistence;
    private final String queueUrl;
    private final RedeliveryPolicy policy;

    public Redelivery(
            SqsClient sqs, LambdaClient lambda, String queueUrl, String functionName, RedeliveryPolicy policy) {
        this.sqs = sqs;
        this.persistence = new PersistenceCall(lambda, functionName);
        this.queueUrl = queueUrl;
        this.policy = policy;
    }

    public SQSBatchResponse redeliver(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            int receives = receiveCount(message);
            Optional<byte[]> persistenceEvent = FailureMessages.event(message.getBody());
            PersistenceCall.Outcome outcome = persistenceEvent.isPresent()
                    ? persistence.persist(persistenceEvent.get())
                    : new PersistenceCall.Outcome(PersistenceCall.Kind.INVALID, "NotAPersistenceEvent");
            LogLine line = LogLine.info("redelivery")
                    .with("messageId", message.getMessageId())
                    .with("receiveCount", receives)
                    .with("outcome", outcome.kind().name());
            if (outcome.done()) {
                System.out.println(line.json());
                continue;
            }
            Duration hidden =
                    outcome.kind() == PersistenceCall.Kind.INVALID ? Duration.ZERO : policy.delayAfter(receives);
            hide(message, hidden);
            System.out.println(line.with("errorType", outcome.errorType())
                    .with("hiddenSeconds", hidden.toSeconds())
                    .with("deadLetterAfterReceives", policy.maxReceives())
                    .json());
            failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        }
        return new SQSBatchResponse(failures);
    }

    /** SQS's count of receives of this message, this one included (1 when it does not say). */
    static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void hide(SQSEvent.SQSMessage message, Duration hidden) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl)
                    .receiptHandle(message.getReceiptHandle())
                    .visibilityTimeout((int) hidden.toSeconds()));
        } catch (RuntimeException e) {
            // it comes back when the queue's visibility time-out ends instead: later, never lost
            System.out.println(LogLine.of("WARN", "redelivery")
                    .with("messageId", message.getMessageId())
                    .with("visibilityNotChanged", e.getClass().getSimpleName())
                    .json());
        }
    }
}
