package dev.trafficcam.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficcam.model.Json;
import dev.trafficcam.persistence.replay.Replay;
import dev.trafficcam.persistence.replay.ReplayReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/** Replay against the local stack's real failure queue and persistence function. */
class ReplayTest {
    @TempDir
    static Path dataDir;

    private static LocalPipeline stack;
    private static StackClients clients;

    @BeforeAll
    static void start() throws Exception {
        clients = StackClients.start(LocalPipeline.Options.defaults()
                .withApiPort(0)
                .withDataDir(dataDir)
                .withRetryDelays(List.of(Duration.ofMillis(50), Duration.ofMillis(100)))
                // the failure queue as the replay finds it: redelivery's event source off (RedeliveryTest has it on)
                .withRedelivery(Optional.empty())
                .withLog(line -> {}));
        stack = clients.stack;
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
    }

    private static String frameId(String answer) throws Exception {
        return Json.mapper().readTree(answer).get("frameId").asText();
    }

    private ReplayReport replay(boolean dryRun) {
        return new Replay(clients.sqs, clients.lambda)
                .run(stack.endpoints().failureQueueUrl(), LocalPipeline.PERSISTENCE_FUNCTION, 100, dryRun);
    }

    @Test
    void replayStoresRecordsAndPlainEventsDeletesOnlyWhatItStoredAndIsSafeToRepeat() throws Exception {
        byte[] frame = StackClients.frame("street_frame_220.jpg");
        // two events whose persistence fails three times each: two on-failure records on the queue
        stack.failNextPersistence(6);
        String a = frameId(clients.post("Main%20St_Leuven_Belgium_12-10-2022_10-00-00.jpg", frame)
                .body());
        StackClients.await(() -> clients.queueDepth() == 1, Duration.ofSeconds(30), "the first record");
        String b = frameId(clients.post("Main%20St_Leuven_Belgium_12-10-2022_10-00-01.jpg", frame)
                .body());
        StackClients.await(() -> clients.queueDepth() == 2, Duration.ofSeconds(30), "the second record");
        // turn B's record into a plain event body, as the inference function queues it when its hand-off fails
        List<Message> records = clients.sqs
                .receiveMessage(r -> r.queueUrl(stack.endpoints().failureQueueUrl())
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1))
                .messages();
        Message recordB =
                records.stream().filter(m -> m.body().contains(b)).findFirst().orElseThrow();
        String plainB =
                Json.mapper().readTree(recordB.body()).get("requestPayload").toString();
        clients.sqs.deleteMessage(
                d -> d.queueUrl(stack.endpoints().failureQueueUrl()).receiptHandle(recordB.receiptHandle()));
        String recordA = records.stream()
                .filter(m -> m.body().contains(a))
                .findFirst()
                .orElseThrow()
                .body();
        for (Message m : records) {
            if (m != recordB) {
                clients.sqs.changeMessageVisibility(
                        v -> v.queueUrl(stack.endpoints().failureQueueUrl())
                                .receiptHandle(m.receiptHandle())
                                .visibilityTimeout(0));
            }
        }
        clients.send(plainB);
        clients.send("this is not an event");
        clients.send(plainB.replace("\"schemaVersion\":1", "\"schemaVersion\":99"));

        ReplayReport dry = replay(true);
        assertThat(dry.examined()).isEqualTo(4);
        assertThat(dry.wouldReplay()).isEqualTo(2);
        assertThat(dry.invalid()).isEqualTo(2);
        assertThat(dry.replayed()).isZero();
        assertThat(clients.queueDepth()).as("a dry run changes nothing").isEqualTo(4);
        assertThat(clients.count("select count(*) from frames where id in ('" + a + "', '" + b + "')"))
                .isZero();

        ReplayReport real = replay(false);
        assertThat(real.replayed()).isEqualTo(2);
        assertThat(real.invalid()).isEqualTo(2);
        assertThat(real.stillFailingTotal()).isZero();
        assertThat(real.invalidIds()).hasSize(2);
        assertThat(clients.count("select count(*) from frames where id in ('" + a + "', '" + b + "')"))
                .isEqualTo(2);
        assertThat(clients.queueDepth())
                .as("only the invalid messages are left")
                .isEqualTo(2);

        ReplayReport again = replay(false);
        assertThat(again.examined()).isEqualTo(2);
        assertThat(again.replayed()).isZero();
        assertThat(again.invalid()).isEqualTo(2);

        clients.send(recordA); // delivered twice
        ReplayReport duplicate = replay(false);
        assertThat(duplicate.alreadyStored()).isEqualTo(1);
        assertThat(clients.count("select count(*) from frames where id in ('" + a + "', '" + b + "')"))
                .isEqualTo(2);
        assertThat(clients.count("select count(*) from detections where frame_id = '" + a + "'"))
                .isEqualTo(clients.count("select count(*) from detections where frame_id = '" + b + "'"));
    }

    @Test
    void anEventThatStillFailsStaysOnTheQueueWithItsErrorType() throws Exception {
        byte[] frame = StackClients.frame("street_frame_40.jpg");
        int before = clients.queueDepth();
        stack.failNextPersistence(3);
        String c = frameId(clients.post("Korenmarkt_Gent_Belgium_01-01-2023_09-00-00.jpg", frame)
                .body());
        StackClients.await(() -> clients.queueDepth() == before + 1, Duration.ofSeconds(30), "the record");

        stack.failNextPersistence(1);
        ReplayReport failing = replay(false);
        assertThat(failing.stillFailing()).containsKey(LambdaStandIn.InjectedFault.class.getName());
        assertThat(clients.count("select count(*) from frames where id = '" + c + "'"))
                .isZero();

        ReplayReport fixed = replay(false);
        assertThat(fixed.replayed()).isEqualTo(1);
        assertThat(clients.count("select count(*) from frames where id = '" + c + "'"))
                .isEqualTo(1);
    }
}
