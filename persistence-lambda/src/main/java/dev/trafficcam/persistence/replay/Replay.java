package dev.trafficcam.persistence.replay;

import dev.trafficcam.model.functions.RedeliveryPolicy;
import dev.trafficcam.support.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Replays the failure queue: each message's persistence event is run through the persistence function again (a
 * synchronous invoke), and the message is deleted only after the function stored it (or found it stored already).
 * Failing events stay on the queue for a later run; messages that can never be stored are reported as invalid and kept
 * for an operator. Safe to run twice or concurrently: storing is idempotent, and a message being replayed is invisible
 * to other runs.
 */
public final class Replay {
    /** Long enough for a persistence run and its retries by the SDK; a crashed replay's messages reappear after it. */
    static final int VISIBILITY_TIMEOUT_SECONDS = 120;

    private final SqsClient sqs;
    private final LambdaClient lambda;

    /** A persistence run may take a while (annotate, S3, database, their retries): the invoke waits for it. */
    static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(90);

    public Replay(SqsClient sqs, LambdaClient lambda) {
        this.sqs = sqs;
        this.lambda = lambda;
    }

    /**
     * The replay with its own clients, as the replay function and the operators' command both run it; the endpoints are
     * the local stack's overrides ({@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_LAMBDA}), empty in AWS.
     */
    public static Replay connect(
            String region,
            AwsCredentialsProvider credentials,
            Optional<URI> sqsEndpoint,
            Optional<URI> lambdaEndpoint) {
        return new Replay(
                AwsClients.configure(
                                SqsClient.builder(),
                                region,
                                credentials,
                                sqsEndpoint,
                                new AwsClients.Call(Duration.ofSeconds(30), Duration.ofSeconds(60), 3))
                        .build(),
                AwsClients.configure(
                                LambdaClient.builder(),
                                region,
                                credentials,
                                lambdaEndpoint,
                                new AwsClients.Call(INVOKE_TIMEOUT, INVOKE_TIMEOUT.multipliedBy(2), 2))
                        .build());
    }

    /** The automatic redelivery of one queue, on this replay's clients. */
    public Redelivery redelivery(String queueUrl, String functionName, RedeliveryPolicy policy) {
        return new Redelivery(sqs, lambda, queueUrl, functionName, policy);
    }

    public ReplayReport run(String queueUrl, String functionName, int maxMessages, boolean dryRun) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1, got " + maxMessages);
        }
        PersistenceCall persistence = new PersistenceCall(lambda, functionName);
        int examined = 0;
        int replayed = 0;
        int alreadyStored = 0;
        int invalid = 0;
        int wouldReplay = 0;
        Map<String, Integer> stillFailing = new TreeMap<>();
        List<String> invalidIds = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Message> toRelease = new ArrayList<>();
        try {
            while (examined < maxMessages) {
                int batch = Math.min(10, maxMessages - examined);
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                                .maxNumberOfMessages(batch)
                                .visibilityTimeout(VISIBILITY_TIMEOUT_SECONDS)
                                .waitTimeSeconds(1))
                        .messages();
                if (messages.isEmpty()) {
                    break;
                }
                boolean fresh = false;
                for (Message message : messages) {
                    if (!seen.add(message.messageId())) {
                        continue; // came back during this run (a dry run releases what it saw)
                    }
                    fresh = true;
                    examined++;
                    Optional<byte[]> event = FailureMessages.event(message.body());
                    if (event.isEmpty()) {
                        invalid++;
                        invalidIds.add(message.messageId());
                        toRelease.add(message);
                        continue;
                    }
                    if (dryRun) {
                        wouldReplay++;
                        toRelease.add(message);
                        continue;
                    }
                    PersistenceCall.Outcome outcome = persistence.persist(event.get());
                    switch (outcome.kind()) {
                        case STORED -> {
                            replayed++;
                            delete(queueUrl, message);
                        }
                        case ALREADY_STORED -> {
                            alreadyStored++;
                            delete(queueUrl, message);
                        }
                        case INVALID -> {
                            invalid++;
                            invalidIds.add(message.messageId());
                            toRelease.add(message);
                        }
                        default -> {
                            stillFailing.merge(outcome.errorType(), 1, Integer::sum);
                            toRelease.add(message);
                        }
                    }
                }
                if (!fresh) {
                    break;
                }
            }
        } finally {
            release(queueUrl, toRelease);
        }
        return new ReplayReport(
                examined, replayed, alreadyStored, stillFailing, invalid, wouldReplay, dryRun, invalidIds);
    }

    private void delete(String queueUrl, Message message) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    /** Makes the messages this run kept visible again at once, for the next run. */
    private void release(String queueUrl, List<Message> messages) {
        for (Message message : messages) {
            try {
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl)
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
            } catch (RuntimeException e) {
                // it becomes visible again when its visibility time-out ends
            }
        }
    }
}
