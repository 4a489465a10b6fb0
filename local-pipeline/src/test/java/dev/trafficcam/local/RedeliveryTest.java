package dev.trafficcam.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trafficcam.model.Json;
import dev.trafficcam.model.functions.RedeliveryPolicy;
import dev.trafficcam.persistence.replay.Replay;
import dev.trafficcam.persistence.replay.ReplayReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Failed persistence events heal without anyone: the failure queue is the redelivery function's event source (the
 * deployed jar, under the runtime interface client, fed SQS events as Lambda's event source mapping writes them), a
 * failure is hidden for a doubling delay, and after the redrive policy's receives the event waits on the dead-letter
 * queue for an operator, unchanged, where the replay stores it. Delays of 1 and 2 s and 3 receives stand in for AWS's
 * 30 s, 30 min and 12 ({@link RedeliveryPolicy#DEFAULT}); the code and the queues' settings are the same.
 */
class RedeliveryTest {
    private static final RedeliveryPolicy QUICK = new RedeliveryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), 3);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    private static LocalPipeline stack;
    private static StackClients clients;
    private static final List<String> LOG = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        clients = StackClients.start(LocalPipeline.Options.defaults()
                .withApiPort(0)
                .withDataDir(dataDir)
                .withRetryDelays(List.of(Duration.ofMillis(100), Duration.ofMillis(200)))
                .withRedelivery(Optional.of(QUICK))
                .withLog(LOG::add));
        stack = clients.stack;
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
    }

    private static String post(String fileName, String frame) throws Exception {
        var response = clients.post(fileName, StackClients.frame(frame));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body()).get("frameId").asText();
    }

    private static long rows(String frameId) throws Exception {
        return clients.count("select count(*) from frames where id = '" + frameId + "'");
    }

    @Test
    void anEventWhoseStoringFailsIsRedeliveredUntilStoredWithoutACommand() throws Exception {
        // Lambda's three asynchronous attempts fail, and the first redelivery too
        stack.failNextPersistence(4);
        String frameId = post("Redelivered_Leuven_Belgium_12-10-2022_10-00-00.jpg", "street_frame_220.jpg");

        StackClients.await(
                () -> {
                    try {
                        return rows(frameId) == 1;
                    } catch (Exception e) {
                        return false;
                    }
                },
                PATIENCE,
                "the frame stored by redelivery");
        StackClients.await(() -> clients.queueDepth() == 0, PATIENCE, "the failure queue to empty");
        assertThat(stack.deadLetterQueueDepth()).isZero();
        assertThat(clients.count("select count(*) from frame_counts where frame_id = '" + frameId + "'"))
                .as("counted once")
                .isEqualTo(1);
        // what the function said, from its own log: a failed redelivery hidden for the first delay, then stored
        assertThat(LOG)
                .anySatisfy(line -> assertThat(line)
                        .contains("\"message\":\"redelivery\"", "\"outcome\":\"FAILED\"", "\"hiddenSeconds\":1"))
                .anySatisfy(line -> assertThat(line).contains("\"message\":\"redelivery\"", "\"outcome\":\"STORED\""));
    }

    @Test
    void whatKeepsFailingWaitsOnTheDeadLetterQueueUnchangedAndTheReplayStoresIt() throws Exception {
        int before = stack.deadLetterQueueDepth();
        clients.refuseFrames("Dead-letter", 200);
        String frameId;
        try {
            frameId = post("Dead-letter_Leuven_Belgium_12-10-2022_10-00-01.jpg", "street_frame_40.jpg");
            StackClients.await(
                    () -> stack.deadLetterQueueDepth() == before + 1, PATIENCE, "the event on the dead-letter queue");
            assertThat(clients.queueDepth())
                    .as("nothing left on the failure queue")
                    .isZero();
            assertThat(rows(frameId)).isZero();

            // the message is Lambda's on-failure record, as it first landed on the failure queue
            Message dead = clients
                    .sqs
                    .receiveMessage(b -> b.queueUrl(stack.endpoints().deadLetterQueueUrl())
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(1)
                            .waitTimeSeconds(1))
                    .messages()
                    .stream()
                    .filter(m -> m.body().contains(frameId))
                    .findFirst()
                    .orElseThrow();
            JsonNode record = Json.mapper().readTree(dead.body());
            assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
            assertThat(record.at("/requestContext/approximateInvokeCount").asInt())
                    .isEqualTo(3);
            assertThat(record.at("/requestPayload/frameId").asText()).isEqualTo(frameId);
            assertThat(record.at("/responsePayload/errorType").asText())
                    .isEqualTo("dev.trafficcam.persistence.ReportedError");
        } finally {
            clients.stopRefusingFrames("Dead-letter");
        }

        StackClients.await(
                () -> stack.deadLetterQueueDepth() == before + 1, Duration.ofSeconds(5), "the message visible again");
        ReplayReport report = new Replay(clients.sqs, clients.lambda)
                .run(stack.endpoints().deadLetterQueueUrl(), LocalPipeline.PERSISTENCE_FUNCTION, 10, false);
        assertThat(report.replayed()).as(report.summary()).isEqualTo(1);
        assertThat(rows(frameId)).isEqualTo(1);
        assertThat(stack.deadLetterQueueDepth()).isEqualTo(before);
    }

    @Test
    void aMessageThatHoldsNoEventReachesTheDeadLetterQueueWithinSeconds() throws Exception {
        int before = stack.deadLetterQueueDepth();
        long start = System.nanoTime();
        clients.send("this is not an event");
        StackClients.await(
                () -> stack.deadLetterQueueDepth() == before + 1, Duration.ofSeconds(30), "the message's dead letter");
        // not hidden between receives: waiting cannot make it an event
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(QUICK.retryWindow().plusSeconds(20));
        assertThat(clients.queueDepth()).isZero();
        List<Message> dead = clients.sqs
                .receiveMessage(b -> b.queueUrl(stack.endpoints().deadLetterQueueUrl())
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1))
                .messages();
        Message junk = dead.stream()
                .filter(m -> m.body().equals("this is not an event"))
                .findFirst()
                .orElseThrow();
        clients.sqs.deleteMessage(
                b -> b.queueUrl(stack.endpoints().deadLetterQueueUrl()).receiptHandle(junk.receiptHandle()));
    }
}
