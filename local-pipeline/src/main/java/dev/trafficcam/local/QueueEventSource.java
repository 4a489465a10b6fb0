package dev.trafficcam.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Lambda's SQS event source mapping, as the CDK stack sets it on the failure queue (batch size 1, partial batch
 * responses): pollers long-poll the queue, hand each batch to the function as the SQS event Lambda writes (the records
 * with {@code messageId}, {@code receiptHandle}, {@code body}, {@code attributes} with {@code ApproximateReceiveCount},
 * {@code eventSource}, {@code eventSourceARN}, {@code awsRegion}), and delete each message the answer's
 * {@code batchItemFailures} does not name. A function error keeps the whole batch: it comes back after the queue's
 * visibility time-out, as in AWS. The queue's redrive policy (ElasticMQ applies it) moves a message received too often
 * to the dead-letter queue.
 */
final class QueueEventSource implements AutoCloseable {
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final int pollers;
    private final LambdaStandIn.Function function;
    private final Consumer<String> log;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    QueueEventSource(
            SqsClient sqs,
            String queueUrl,
            String queueArn,
            String region,
            int pollers,
            LambdaStandIn.Function function,
            Consumer<String> log) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.pollers = pollers;
        this.function = function;
        this.log = log;
    }

    void start() {
        running.set(true);
        for (int i = 0; i < pollers; i++) {
            threads.add(
                    Thread.ofPlatform().daemon().name("sqs-event-source-" + i).start(this::poll));
        }
    }

    private void poll() {
        while (running.get()) {
            try {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                                .maxNumberOfMessages(1)
                                .waitTimeSeconds(1)
                                .messageSystemAttributeNamesWithStrings("All"))
                        .messages();
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    log.accept("failure queue's event source: " + e.getMessage());
                    sleep();
                }
            }
        }
    }

    private void deliver(List<Message> batch) {
        Set<String> keep = new HashSet<>();
        try {
            byte[] answer = function.invoke(event(batch));
            JsonNode failures = Json.mapper().readTree(answer).path("batchItemFailures");
            for (JsonNode failure : failures) {
                keep.add(failure.path("itemIdentifier").asText());
            }
        } catch (Exception e) {
            // a function error: Lambda deletes nothing, the batch reappears after the visibility time-out
            log.accept("redelivery failed as a whole (the batch comes back later): " + e.getMessage());
            return;
        }
        for (Message message : batch) {
            if (!keep.contains(message.messageId())) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** The event as Lambda writes it for an SQS batch. */
    byte[] event(List<Message> batch) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Message m : batch) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", m.messageId());
            record.put("receiptHandle", m.receiptHandle());
            record.put("body", m.body());
            record.put("attributes", new LinkedHashMap<>(m.attributesAsStrings()));
            record.put("messageAttributes", Map.of());
            record.put("md5OfBody", m.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
            records.add(record);
        }
        return Json.write(Map.of("Records", records)).getBytes(StandardCharsets.UTF_8);
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(5000);
        }
    }
}
